module rke-ts.lab/etcd-backup

go 1.23.0
