// fips-probe reports whether Go's FIPS 140-3 mode is on (crypto/fips140.Enabled) and, with
// `serve ADDR CERT KEY`, serves TLS with Go's default settings, so a client can see which suites and
// curves the binary's crypto/tls accepts: a GOFIPS140 build refuses ChaCha20-Poly1305 and X25519.
package main

import (
	"crypto/fips140"
	"crypto/tls"
	"fmt"
	"log"
	"net"
	"os"
)

func main() {
	fmt.Printf("fips140.Enabled=%v\n", fips140.Enabled())
	if len(os.Args) != 5 || os.Args[1] != "serve" {
		return
	}
	cert, err := tls.LoadX509KeyPair(os.Args[3], os.Args[4])
	if err != nil {
		log.Fatal(err)
	}
	ln, err := tls.Listen("tcp", os.Args[2], &tls.Config{Certificates: []tls.Certificate{cert}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("listening %s\n", ln.Addr())
	for {
		conn, err := ln.Accept()
		if err != nil {
			log.Fatal(err)
		}
		go func(c net.Conn) {
			defer c.Close()
			if err := c.(*tls.Conn).Handshake(); err == nil {
				_, _ = c.Write([]byte("ok\n"))
			}
		}(conn)
	}
}
