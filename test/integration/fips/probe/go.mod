module rke-ts.test/fips-probe

go 1.24
