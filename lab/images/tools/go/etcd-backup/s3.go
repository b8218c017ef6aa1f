// S3-compatible storage for snapshots, with rke-tools' behaviour: always TLS, keys given plain or
// base64, an optional custom CA (file path or base64 PEM), an optional folder (key prefix), the
// bucket must exist, an existing object of the same name is not overwritten unless the bucket is
// versioned, and an error text containing "failed to upload etcd snapshot file" on upload failure
// (RKE matches it).
package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/url"
	"os"
	"path"
	"regexp"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

type s3Config struct {
	endpoint, accessKey, secretKey, bucket, region, endpointCA, folder string
}

const s3ClientAttempts = 4

// decodeMaybeBase64 returns the base64-decoded value when it decodes, the value itself otherwise.
func decodeMaybeBase64(v string) string {
	if v == "" {
		return v
	}
	if d, err := base64.StdEncoding.DecodeString(v); err == nil {
		return string(d)
	}
	return v
}

// endpointCA reads --s3-endpoint-ca: base64 PEM, else a file path; it must hold a certificate.
func endpointCA(v string) (*x509.CertPool, error) {
	pemBytes, err := base64.StdEncoding.DecodeString(v)
	if err != nil {
		if pemBytes, err = os.ReadFile(v); err != nil {
			return nil, err
		}
	}
	block, _ := pem.Decode(pemBytes)
	if block == nil {
		return nil, errors.New("s3-endpoint-ca is not a valid x509 certificate")
	}
	if _, err := x509.ParseCertificates(block.Bytes); err != nil {
		return nil, errors.New("s3-endpoint-ca is not a valid x509 certificate")
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pemBytes)
	return pool, nil
}

func s3Client(c *s3Config) (*minio.Client, error) {
	log.Printf("invoking set s3 service client s3-endpoint=%s s3-bucketName=%s s3-region=%s s3-folder=%s", c.endpoint, c.bucket, c.region, c.folder)
	transport := http.DefaultTransport.(*http.Transport).Clone()
	if c.endpointCA != "" {
		pool, err := endpointCA(c.endpointCA)
		if err != nil {
			return nil, err
		}
		transport.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	}
	endpoint := c.endpoint
	var creds *credentials.Credentials
	if c.accessKey == "" && c.secretKey == "" {
		creds = credentials.NewIAM("")
		if endpoint == "" {
			endpoint = "s3.amazonaws.com"
		}
	} else {
		creds = credentials.NewStatic(decodeMaybeBase64(c.accessKey), decodeMaybeBase64(c.secretKey), "", credentials.SignatureDefault)
	}
	lookup := minio.BucketLookupAuto
	if strings.Contains(endpoint, "aliyun") {
		lookup = minio.BucketLookupDNS
	}
	var client *minio.Client
	var err error
	for attempt := 0; attempt < s3ClientAttempts; attempt++ {
		client, err = minio.New(endpoint, &minio.Options{Creds: creds, Secure: true, Region: c.region, BucketLookup: lookup, Transport: transport})
		if err == nil {
			break
		}
		log.Printf("failed to init s3 client server: %v, retried %d times", err, attempt)
	}
	if err != nil {
		return nil, fmt.Errorf("failed to set s3 server: %v", err)
	}
	found, err := client.BucketExists(context.Background(), c.bucket)
	if err != nil {
		return nil, fmt.Errorf("failed to check s3 bucket:%s, err:%v", c.bucket, err)
	}
	if !found {
		return nil, fmt.Errorf("bucket %s is not found", c.bucket)
	}
	return client, nil
}

func objectKey(c *s3Config, name string) string {
	if c.folder == "" {
		return name
	}
	return c.folder + "/" + name
}

func uploadSnapshot(c *s3Config, zipFile string, retries uint) error {
	client, err := s3Client(c)
	if err != nil {
		return fmt.Errorf("failed to upload etcd snapshot file: %v", err)
	}
	ctx := context.Background()
	key := objectKey(c, path.Base(zipFile))
	if info, err := client.StatObject(ctx, c.bucket, key, minio.StatObjectOptions{}); err == nil && info.Size != 0 {
		if v, _ := client.GetBucketVersioning(ctx, c.bucket); !v.Enabled() {
			log.Printf("Skipping upload to s3 because snapshot already exists and versioning is not enabled for the bucket name=%s", key)
			return nil
		}
	}
	log.Printf("invoking uploading backup file [%s] to s3", key)
	for attempt := uint(0); attempt <= retries; attempt++ {
		info, err := client.FPutObject(ctx, c.bucket, key, zipFile, minio.PutObjectOptions{ContentType: "application/zip"})
		if err == nil {
			log.Printf("Successfully uploaded [%s] of size [%d]", key, info.Size)
			return nil
		}
		log.Printf("failed to upload etcd snapshot file: %v, retried %d times", err, attempt)
		if attempt == retries {
			return fmt.Errorf("failed to upload etcd snapshot file: %v", err)
		}
	}
	return nil
}

var rollingObject = regexp.MustCompile(`.+_etcd(|\.zip)$`)

// deleteExpiredS3 removes rolling snapshot objects (named after their time) older than the retention.
func deleteExpiredS3(c *s3Config, now time.Time, retention time.Duration) {
	client, err := s3Client(c)
	if err != nil {
		log.Printf("WARNING: Error while trying to configure minio client: %v", err)
		return
	}
	ctx := context.Background()
	cutoff := now.Add(-retention)
	opts := minio.ListObjectsOptions{}
	if c.folder != "" {
		opts = minio.ListObjectsOptions{Prefix: c.folder, Recursive: true}
	}
	var expired []string
	for obj := range client.ListObjects(ctx, c.bucket, opts) {
		if obj.Err != nil {
			log.Printf("ERROR: listing s3 objects: %v", obj.Err)
			return
		}
		if !rollingObject.MatchString(obj.Key) {
			continue
		}
		name := strings.TrimPrefix(obj.Key, c.folder+"/")
		t, err := time.Parse(time.RFC3339, strings.Split(name, "_")[0])
		if err == nil && t.Before(cutoff) {
			expired = append(expired, obj.Key)
		}
	}
	for _, key := range expired {
		if err := client.RemoveObject(ctx, c.bucket, key, minio.RemoveObjectOptions{}); err != nil {
			log.Printf("ERROR: deleting s3 backup file [%s]: %v", key, err)
			continue
		}
		log.Printf("Success delete s3 backup file [%s]", key)
	}
}

// deleteFromS3 removes every object whose key starts with the (folder-prefixed) snapshot name.
func deleteFromS3(c *s3Config, name string) error {
	client, err := s3Client(c)
	if err != nil {
		return err
	}
	ctx := context.Background()
	prefix := objectKey(c, name)
	var removed []string
	for obj := range client.ListObjects(ctx, c.bucket, minio.ListObjectsOptions{Prefix: prefix}) {
		if obj.Err != nil {
			return fmt.Errorf("failed to list objects in backup buckets [%s]: %v", c.bucket, obj.Err)
		}
		if err := client.RemoveObject(ctx, c.bucket, obj.Key, minio.RemoveObjectOptions{}); err != nil {
			return err
		}
		removed = append(removed, obj.Key)
	}
	log.Printf("removed backups: %s from object store", strings.Join(removed, ", "))
	return nil
}

// downloadFromS3 fetches the object named <name> or <name>.zip into /backup and, for an archive,
// extracts the snapshot entry next to it (/backup/<name>).
func downloadFromS3(c *s3Config, name string) error {
	if name == "" {
		return errors.New("empty backup name")
	}
	client, err := s3Client(c)
	if err != nil {
		return fmt.Errorf("failed to set s3 server: %v", err)
	}
	ctx := context.Background()
	prefix := objectKey(c, name)
	var key string
	for obj := range client.ListObjects(ctx, c.bucket, minio.ListObjectsOptions{Prefix: prefix}) {
		if obj.Err != nil {
			return fmt.Errorf("failed to list objects in backup buckets [%s]: %v", c.bucket, obj.Err)
		}
		base := strings.TrimSuffix(obj.Key, path.Ext(obj.Key))
		if base == prefix {
			key = obj.Key
			break
		}
		if decoded, err := url.QueryUnescape(base); err == nil && decoded == prefix {
			if key, err = url.QueryUnescape(obj.Key); err != nil {
				key = obj.Key
			}
			break
		}
	}
	if key == "" {
		return errors.New("failed to download s3 backup: no backups found")
	}
	target := path.Join(backupDir, path.Base(key))
	var lastErr error
	for attempt := 0; attempt < s3ClientAttempts; attempt++ {
		if lastErr = client.FGetObject(ctx, c.bucket, key, target, minio.GetObjectOptions{}); lastErr == nil {
			break
		}
		log.Printf("Failed to download etcd snapshot file [%s]: %v, retried %d times", key, lastErr, attempt)
	}
	if lastErr != nil {
		return fmt.Errorf("Unable to download backup file for [%s]: %v", key, lastErr)
	}
	_ = os.Chmod(target, 0o600)
	log.Printf("Successfully downloaded [%s]", key)
	if strings.HasSuffix(target, ".zip") {
		plain := strings.TrimSuffix(target, ".zip")
		if err := extractFromZip(target, plain, plain); err != nil {
			return fmt.Errorf("Unable to decompress [%s] to [%s]: %v", target, plain, err)
		}
		log.Printf("Decompressed [%s] to [%s]", target, plain)
	}
	return nil
}
