// s3-server: the lab's S3-compatible object store, for etcd snapshot tests. A thin main around
// github.com/johannesboyne/gofakes3 (a real S3 protocol server: buckets, objects, listing with
// prefixes/delimiters, multipart uploads, versioning queries) with its in-memory backend, served
// over TLS with the certificate the test gives it. Requests must name the configured access key
// (Authorization: AWS4-HMAC-SHA256 Credential=<key>/...); gofakes3 itself checks no signatures.
//
//	s3-server -addr 10.213.1.1:9443 -cert server.pem -key server-key.pem -access-key K -bucket snapshots
package main

import (
	"flag"
	"log"
	"net/http"
	"strings"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:9443", "listen address")
	cert := flag.String("cert", "", "TLS certificate (PEM); plain HTTP when empty")
	key := flag.String("key", "", "TLS private key (PEM)")
	accessKey := flag.String("access-key", "", "access key every request must carry; any when empty")
	var buckets multi
	flag.Var(&buckets, "bucket", "bucket to create at start (repeatable)")
	flag.Parse()

	backend := s3mem.New()
	for _, b := range buckets {
		if err := backend.CreateBucket(b); err != nil {
			log.Fatalf("create bucket %s: %v", b, err)
		}
	}
	faker := gofakes3.New(backend, gofakes3.WithAutoBucket(false), gofakes3.WithTimeSkewLimit(0))
	handler := requireAccessKey(*accessKey, faker.Server())
	srv := &http.Server{Addr: *addr, Handler: logRequests(handler), ReadHeaderTimeout: 30 * time.Second}
	log.Printf("s3-server listening on %s (tls=%t, buckets=%v)", *addr, *cert != "", buckets)
	var err error
	if *cert != "" {
		err = srv.ListenAndServeTLS(*cert, *key)
	} else {
		err = srv.ListenAndServe()
	}
	log.Fatal(err)
}

type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(v string) error { *m = append(*m, v); return nil }

func requireAccessKey(key string, next http.Handler) http.Handler {
	if key == "" {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		if !strings.Contains(auth, "Credential="+key+"/") && r.URL.Query().Get("X-Amz-Credential") == "" {
			w.Header().Set("Content-Type", "application/xml")
			w.WriteHeader(http.StatusForbidden)
			_, _ = w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>InvalidAccessKeyId</Code><Message>The AWS Access Key Id you provided does not exist in our records.</Message></Error>`))
			return
		}
		next.ServeHTTP(w, r)
	})
}

func logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.Printf("%s %s %s", r.RemoteAddr, r.Method, r.URL.RequestURI())
		next.ServeHTTP(w, r)
	})
}
