// rke-etcd-backup: the lab's stand-in for rke-tools' snapshot tool, same command line and files:
//
//	rke-etcd-backup etcd-backup save --cacert F --cert F --key F --endpoints E --name N --once
//	rke-etcd-backup etcd-backup save ... --creation 12h --retention 72h      (rolling: one every creation period)
//	rke-etcd-backup etcd-backup delete --name N [--cleanup]
//	rke-etcd-backup etcd-backup serve --name N --cacert F --cert F --key F   (mTLS on 0.0.0.0:2379)
//	rke-etcd-backup etcd-backup download --name N --local-endpoint IP --cacert F --cert F --key F
//	rke-etcd-backup etcd-backup extractstatefile --name N
//
// Snapshots are /backup/<name>.zip holding the etcd snapshot as entry "/backup/<name>" and, when
// present, the cluster state as entry "/etc/kubernetes/<name>.rkestate". Rolling snapshots are named
// "<RFC3339 time>_etcd". With --s3-backup=true (and the --s3-* flags or their S3_* env vars, keys
// base64 as RKE passes them) save uploads the archive, rolling save also expires old objects, delete
// removes the objects, download and extractstatefile fetch the archive first (s3.go).
//
// Lab-only test hook (not in rke-tools, never set by rke-ts): env RKE_TS_LAB_HOUR=<duration> makes
// every hour of --creation/--retention last that long, so a test can watch rolling snapshots and
// retention with RKE1's whole-hour interval_hours (set it through services.etcd.extra_env).
package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"os/exec"
	"path"
	"regexp"
	"strings"
	"time"
)

const (
	backupDir       = "/backup"
	k8sDir          = "/etc/kubernetes"
	tmpStateFile    = "/tmp/cluster.rkestate"
	servePort       = "2379"
	failureInterval = 15 * time.Second
	nodeKubeconfig  = "/etc/kubernetes/ssl/kubecfg-kube-node.yaml"
)

type options struct {
	name, cacert, cert, key, endpoints, localEndpoint string
	creation, retention                               time.Duration
	once, s3, cleanup, debug                          bool
	retries, s3Retries                                uint
	s3cfg                                             s3Config
}

// envDefault is a flag's default from its environment variable, as rke-tools' EnvVar settings do.
func envDefault(name, fallback string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return fallback
}

// scaleHours applies the RKE_TS_LAB_HOUR test hook (see the package comment).
func scaleHours(d time.Duration) (time.Duration, error) {
	hour := os.Getenv("RKE_TS_LAB_HOUR")
	if hour == "" {
		return d, nil
	}
	h, err := time.ParseDuration(hour)
	if err != nil || h <= 0 {
		return 0, fmt.Errorf("RKE_TS_LAB_HOUR=%q is not a positive duration", hour)
	}
	return time.Duration(float64(d) / float64(time.Hour) * float64(h)), nil
}

func parse(sub string, args []string) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet(sub, flag.ContinueOnError)
	fs.StringVar(&o.name, "name", "", "snapshot name")
	fs.StringVar(&o.cacert, "cacert", "", "etcd CA certificate")
	fs.StringVar(&o.cert, "cert", "", "etcd client certificate")
	fs.StringVar(&o.key, "key", "", "etcd client key")
	fs.StringVar(&o.endpoints, "endpoints", "127.0.0.1:2379", "etcd endpoints")
	fs.StringVar(&o.localEndpoint, "local-endpoint", "", "address of the node serving the snapshot")
	fs.DurationVar(&o.creation, "creation", 5*time.Minute, "rolling snapshot period")
	fs.DurationVar(&o.retention, "retention", 24*time.Hour, "how long rolling snapshots are kept")
	fs.BoolVar(&o.once, "once", false, "take one snapshot and exit")
	fs.BoolVar(&o.s3, "s3-backup", envDefault("S3_BACKUP", "") == "true", "use S3-compatible storage")
	fs.BoolVar(&o.cleanup, "cleanup", false, "delete only the uncompressed leftover")
	fs.BoolVar(&o.debug, "debug", false, "debug logging")
	fs.UintVar(&o.retries, "backup-retries", 4, "snapshot attempts after the first")
	fs.UintVar(&o.s3Retries, "s3-retries", 3, "S3 upload retries")
	c := &o.s3cfg
	fs.StringVar(&c.endpoint, "s3-endpoint", envDefault("S3_ENDPOINT", ""), "S3 endpoint address")
	fs.StringVar(&c.accessKey, "s3-accessKey", envDefault("S3_ACCESS_KEY", ""), "S3 access key (plain or base64)")
	fs.StringVar(&c.secretKey, "s3-secretKey", envDefault("S3_SECRET_KEY", ""), "S3 secret key (plain or base64)")
	fs.StringVar(&c.bucket, "s3-bucketName", envDefault("S3_BUCKET_NAME", ""), "S3 bucket")
	fs.StringVar(&c.region, "s3-region", envDefault("S3_BUCKET_REGION", ""), "S3 bucket region")
	fs.StringVar(&c.endpointCA, "s3-endpoint-ca", envDefault("S3_ENDPOINT_CA", ""), "CA of the S3 endpoint: a file path or base64 PEM")
	fs.StringVar(&c.folder, "s3-folder", envDefault("S3_FOLDER", ""), "folder (key prefix) for snapshots")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	var err error
	if o.creation, err = scaleHours(o.creation); err != nil {
		return nil, err
	}
	if o.retention, err = scaleHours(o.retention); err != nil {
		return nil, err
	}
	return o, nil
}

func main() {
	log.SetFlags(log.LstdFlags | log.LUTC)
	if len(os.Args) < 3 || os.Args[1] != "etcd-backup" {
		fmt.Fprintln(os.Stderr, "usage: rke-etcd-backup etcd-backup save|delete|serve|download|extractstatefile [flags]")
		os.Exit(2)
	}
	if os.Args[2] == "--version" || os.Args[2] == "version" {
		fmt.Println("rke-etcd-backup (rke-ts lab)")
		return
	}
	o, err := parse(os.Args[2], os.Args[3:])
	if err == nil {
		switch os.Args[2] {
		case "save":
			err = save(o)
		case "delete":
			err = deleteSnapshot(o)
		case "serve":
			err = serve(o)
		case "download":
			err = download(o)
		case "extractstatefile":
			err = extractStateFile(o)
		default:
			err = fmt.Errorf("unknown command %q", os.Args[2])
		}
	}
	if err != nil {
		log.Printf("ERROR: %v", err)
		os.Exit(1)
	}
}

func save(o *options) error {
	if o.cacert == "" || o.cert == "" || o.key == "" {
		return errors.New("Failed to find etcd cert or key paths")
	}
	if o.creation == 0 || o.retention == 0 {
		return errors.New("Creation period and/or retention are not set")
	}
	if o.once {
		log.Printf("Initializing Onetime Backup name=%s", o.name)
		zipFile, err := createSnapshot(o, o.name)
		if err != nil {
			return err
		}
		if o.s3 {
			if err := uploadSnapshot(&o.s3cfg, zipFile, o.s3Retries); err != nil {
				return err
			}
		}
		if prefix := clusterPrefix.FindString(o.name); prefix != "" {
			deleteNamedRecurring(prefix, o.retention)
		}
		return nil
	}
	log.Printf("Initializing Rolling Backups creation=%s retention=%s", o.creation, o.retention)
	for t := range time.NewTicker(o.creation).C {
		name := t.Format(time.RFC3339) + "_etcd"
		if err := fetchStateFile(name); err != nil {
			log.Printf("WARNING: Error while trying to retrieve cluster state from cluster: %v", err)
		}
		zipFile, err := createSnapshot(o, name)
		if err != nil {
			log.Printf("WARNING: snapshot %s failed: %v", name, err)
			continue
		}
		deleteExpired(t, o.retention)
		if !o.s3 {
			continue
		}
		if err := uploadSnapshot(&o.s3cfg, zipFile, o.s3Retries); err != nil {
			log.Printf("WARNING: %v", err)
			continue
		}
		deleteExpiredS3(&o.s3cfg, t, o.retention)
	}
	return nil
}

func etcdctl(o *options, args ...string) ([]byte, error) {
	base := []string{"--endpoints=" + o.endpoints, "--cacert=" + o.cacert, "--cert=" + o.cert, "--key=" + o.key}
	cmd := exec.Command("etcdctl", append(base, args...)...)
	cmd.Env = append(os.Environ(), "ETCDCTL_API=3")
	return cmd.CombinedOutput()
}

func createSnapshot(o *options, name string) (string, error) {
	dbFile := path.Join(backupDir, name)
	stateFile := path.Join(k8sDir, name+".rkestate")
	var lastErr error
	for attempt := uint(0); attempt <= o.retries; attempt++ {
		if attempt > 0 {
			time.Sleep(failureInterval)
		}
		if out, err := etcdctl(o, "endpoint", "health"); err != nil || bytes.Contains(out, []byte("unhealthy")) {
			lastErr = fmt.Errorf("etcd member health check failed: %v: %s", err, out)
			log.Printf("WARNING: %v", lastErr)
			continue
		}
		start := time.Now()
		if out, err := etcdctl(o, "snapshot", "save", dbFile); err != nil {
			lastErr = fmt.Errorf("snapshot save failed: %v: %s", err, out)
			log.Printf("WARNING: %v", lastErr)
			continue
		}
		files := []string{dbFile}
		if _, err := os.Stat(stateFile); err == nil {
			files = append(files, stateFile)
		}
		zipFile := dbFile + ".zip"
		if err := writeZip(zipFile, files); err != nil {
			lastErr = err
			continue
		}
		for _, f := range files {
			_ = os.Remove(f)
		}
		_ = os.Chmod(zipFile, 0o600)
		log.Printf("Created local backup name=%s runtime=%s", name, time.Since(start))
		return zipFile, nil
	}
	return "", lastErr
}

// writeZip stores each file under its full path, deflated, with a zero modification time.
func writeZip(target string, files []string) error {
	out, err := os.Create(target)
	if err != nil {
		return err
	}
	zw := zip.NewWriter(out)
	for _, name := range files {
		if err := addToZip(zw, name); err != nil {
			out.Close()
			return err
		}
	}
	if err := zw.Close(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func addToZip(zw *zip.Writer, name string) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	h, err := zip.FileInfoHeader(info)
	if err != nil {
		return err
	}
	h.Name = name
	h.Method = zip.Deflate
	h.Modified = time.Unix(0, 0)
	w, err := zw.CreateHeader(h)
	if err != nil {
		return err
	}
	_, err = io.Copy(w, f)
	return err
}

// extractFromZip writes the entry called entry of archive src to dest (0600).
func extractFromZip(src, entry, dest string) error {
	r, err := zip.OpenReader(src)
	if err != nil {
		return err
	}
	defer r.Close()
	for _, f := range r.File {
		if f.Name != entry {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return err
		}
		defer rc.Close()
		out, err := os.OpenFile(dest, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, rc); err != nil {
			out.Close()
			return err
		}
		if err := out.Close(); err != nil {
			return err
		}
		return os.Chmod(dest, 0o600)
	}
	return fmt.Errorf("File [%s] not found in file [%s]", entry, src)
}

var (
	clusterPrefix   = regexp.MustCompile(`^c-[a-z0-9].*?-`)
	recurringPrefix = regexp.MustCompile(`^c-[a-z0-9].*?-r.-`)
)

// deleteExpired removes rolling snapshots (named after their time) older than the retention.
func deleteExpired(now time.Time, retention time.Duration) {
	entries, _ := os.ReadDir(backupDir)
	cutoff := now.Add(-retention)
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		t, err := time.Parse(time.RFC3339, strings.SplitN(e.Name(), "_", 2)[0])
		if err == nil && t.Before(cutoff) {
			_ = os.Remove(path.Join(backupDir, e.Name()))
			log.Printf("Removed expired snapshot %s", e.Name())
		}
	}
}

// deleteNamedRecurring removes Rancher-named recurring snapshots of one cluster past the retention.
func deleteNamedRecurring(prefix string, retention time.Duration) {
	entries, _ := os.ReadDir(backupDir)
	cutoff := time.Now().Add(-retention)
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || !strings.HasPrefix(e.Name(), prefix) || !recurringPrefix.MatchString(e.Name()) {
			continue
		}
		if info.ModTime().Before(cutoff) {
			_ = os.Remove(path.Join(backupDir, e.Name()))
		}
	}
}

func deleteSnapshot(o *options) error {
	if o.name == "" {
		return errors.New("snapshot name is required")
	}
	name := path.Base(o.name)
	compressed := path.Join(backupDir, name+".zip")
	plain := path.Join(backupDir, name)
	if o.cleanup {
		if _, err := os.Stat(compressed); err == nil {
			return removeIfExists(plain)
		}
		return nil
	}
	if err := removeIfExists(compressed); err != nil {
		return err
	}
	if err := removeIfExists(plain); err != nil {
		return err
	}
	if o.s3 {
		return deleteFromS3(&o.s3cfg, name)
	}
	return nil
}

func removeIfExists(p string) error {
	if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}

func tlsConfig(o *options, server bool) (*tls.Config, error) {
	caPEM, err := os.ReadFile(o.cacert)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(caPEM)
	pair, err := tls.LoadX509KeyPair(o.cert, o.key)
	if err != nil {
		return nil, err
	}
	cfg := &tls.Config{Certificates: []tls.Certificate{pair}, MinVersion: tls.VersionTLS12}
	if server {
		cfg.ClientAuth = tls.RequireAndVerifyClientCert
		cfg.ClientCAs = pool
	} else {
		// the serving node's certificate need not name the address we dial; the client certificate
		// check on the server side is what authenticates (as rke-tools does)
		cfg.RootCAs = pool
		cfg.InsecureSkipVerify = true
	}
	return cfg, nil
}

func serve(o *options) error {
	name := path.Base(o.name)
	if name == "." || name == "/" {
		return errors.New("snapshot name is required")
	}
	plain := path.Join(backupDir, name)
	if _, err := os.Stat(plain + ".zip"); err == nil {
		if err := extractFromZip(plain+".zip", plain, plain); err != nil {
			return err
		}
		log.Printf("Extracted from %s.zip", plain)
	}
	if _, err := os.Stat(plain); err != nil {
		return err
	}
	cfg, err := tlsConfig(o, true)
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/"+name, func(w http.ResponseWriter, r *http.Request) { http.ServeFile(w, r, plain) })
	srv := &http.Server{Addr: "0.0.0.0:" + servePort, TLSConfig: cfg, Handler: mux, ReadHeaderTimeout: 30 * time.Second}
	log.Printf("Serving %s on %s", plain, srv.Addr)
	return srv.ListenAndServeTLS("", "")
}

func download(o *options) error {
	if o.s3 {
		return downloadFromS3(&o.s3cfg, o.name)
	}
	name := path.Base(o.name)
	if name == "." || name == "/" {
		return errors.New("snapshot name is required")
	}
	if o.localEndpoint == "" {
		return errors.New("local-endpoint is required")
	}
	cfg, err := tlsConfig(o, false)
	if err != nil {
		return err
	}
	client := http.Client{Transport: &http.Transport{TLSClientConfig: cfg}, Timeout: 10 * time.Minute}
	url := fmt.Sprintf("https://%s:%s/%s", o.localEndpoint, servePort, name)
	log.Printf("Trying to download backup file from: %s", url)
	resp, err := client.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("backup download failed: %s", resp.Status)
	}
	dest := path.Join(backupDir, name)
	out, err := os.OpenFile(dest, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, resp.Body); err != nil {
		out.Close()
		return err
	}
	log.Printf("Successfully download %s from %s", name, o.localEndpoint)
	return out.Close()
}

func extractStateFile(o *options) error {
	if o.s3 {
		if err := downloadFromS3(&o.s3cfg, o.name); err != nil {
			return err
		}
	}
	name := path.Base(o.name)
	compressed := path.Join(backupDir, name+".zip")
	if _, err := os.Stat(compressed); err != nil {
		return err
	}
	entry := path.Join(k8sDir, name+".rkestate")
	if err := extractFromZip(compressed, entry, tmpStateFile); err != nil {
		return fmt.Errorf("Unable to extract file [%s] from file [%s] to destination [%s]: %v", entry, compressed, tmpStateFile, err)
	}
	log.Printf("Successfully extracted file [%s] from file [%s] to destination [%s]", entry, compressed, tmpStateFile)
	return nil
}

// fetchStateFile reads the Secret kube-system/full-cluster-state with the node's kubeconfig and
// writes its cluster state, indented, to /etc/kubernetes/<name>.rkestate.
func fetchStateFile(name string) error {
	kc, err := readKubeconfig(nodeKubeconfig)
	if err != nil {
		return err
	}
	cfg, err := tlsConfig(&options{cacert: kc["certificate-authority"], cert: kc["client-certificate"], key: kc["client-key"]}, false)
	if err != nil {
		return err
	}
	cfg.InsecureSkipVerify = false
	client := http.Client{Transport: &http.Transport{TLSClientConfig: cfg}, Timeout: 30 * time.Second}
	resp, err := client.Get(strings.TrimRight(kc["server"], "/") + "/api/v1/namespaces/kube-system/secrets/full-cluster-state")
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("Failed to retrieve secret full-cluster-state: %s: %s", resp.Status, body)
	}
	var secret struct {
		Data map[string]string `json:"data"`
	}
	if err := json.Unmarshal(body, &secret); err != nil {
		return err
	}
	state, err := base64.StdEncoding.DecodeString(secret.Data["full-cluster-state"])
	if err != nil {
		return err
	}
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, state, "", "  "); err != nil {
		return err
	}
	return os.WriteFile(path.Join(k8sDir, name+".rkestate"), pretty.Bytes(), 0o600)
}

// readKubeconfig picks the server and file paths out of an RKE component kubeconfig (one cluster,
// one user, paths not inline data).
func readKubeconfig(file string) (map[string]string, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(strings.TrimSpace(sc.Text()), ":")
		if !ok {
			continue
		}
		switch k {
		case "server", "certificate-authority", "client-certificate", "client-key":
			out[k] = strings.Trim(strings.TrimSpace(v), `"'`)
		}
	}
	return out, sc.Err()
}
