// Command vcsim is the Dunes lab's vCenter simulator: govmomi 0.24.2's
// simulator package (with the additions in ./simulator and ./patches) behind
// a small, flag-driven start with the lab's fixed inventory.
//
// Built by build.sh; see docs/lab.md.
package main

import (
	"context"
	"crypto/subtle"
	"crypto/tls"
	"flag"
	"fmt"
	"io"
	"io/ioutil"
	"log"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/vmware/govmomi/find"
	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25"
	"github.com/vmware/govmomi/vim25/types"
)

// Inventory names the lab (and its tests) rely on.
const (
	datacenterName = "LabDC"
	clusterName    = "LabCluster"
	datastoreName  = "LabDatastore"
	vmFolderName   = "vCO"
	// "VM Network" is the network vcsim gives every datacenter.
)

func main() {
	listen := flag.String("l", "127.0.0.40:8989", "listen address host:port (port 0 picks a free port)")
	cert := flag.String("tlscert", "", "PEM certificate file to serve (default: Go's built-in test certificate)")
	key := flag.String("tlskey", "", "PEM private key file for -tlscert")
	user := flag.String("username", "", "login user name (default: any user name is accepted)")
	pass := flag.String("password", os.Getenv("DUNES_VCSIM_PASSWORD"),
		"login password (with -username); default $DUNES_VCSIM_PASSWORD, which keeps it out of ps")
	stdinEOF := flag.Bool("exit-on-stdin-eof", false, "exit when stdin reaches end of file (dies with its parent)")
	dsDir := flag.String("datastore-dir", "", "directory backing "+datastoreName+" (default: a temporary directory removed on exit)")
	hosts := flag.Int("hosts", 2, "number of hosts in "+clusterName)
	flag.Float64Var(&simulator.VAppDelayScale, "vapp-delay-scale", 0,
		"multiplier for vApp startDelay/stopDelay seconds during vApp power operations (0: keep the order, do not wait)")
	flag.DurationVar(&simulator.ToolsHeartbeatDelay, "tools-heartbeat-delay", time.Second,
		"time from a VM's power-on to its guest's first VMware Tools heartbeat (0: at power-on)")
	flag.DurationVar(&simulator.CloneDuration, "clone-duration", 0,
		"time a CloneVM_Task copies in the background before its clone appears (0: cloned inside the call)")
	flag.BoolVar(&simulator.Trace, "trace", false, "trace SOAP requests and responses to stderr")
	flag.Parse()

	log.SetPrefix("vcsim: ")

	// Inventory shape; names are set below.
	model := simulator.VPX()
	model.Datacenter = 1
	model.Cluster = 1
	model.ClusterHost = *hosts
	model.Host = 0
	model.Datastore = 0 // created below, with the lab's name
	model.Machine = 0   // no pre-made VMs
	model.Pool = 0
	model.App = 0
	model.Portgroup = 0
	model.Folder = 0
	model.ServiceContent.About.Name += " (Dunes lab simulator)"

	if err := model.Create(); err != nil {
		log.Fatal(err)
	}

	dir := *dsDir
	removeDir := false
	if dir == "" {
		var err error
		if dir, err = ioutil.TempDir("", "dunes-vcsim-ds-"); err != nil {
			log.Fatal(err)
		}
		removeDir = true
	}
	cleanup := func() {
		model.Remove()
		if removeDir {
			_ = os.RemoveAll(dir)
		}
	}

	if err := labInventory(model, dir); err != nil {
		cleanup()
		log.Fatal(err)
	}

	model.Service.HandleFunc(freeSpacePath, freeSpaceKnob(*user, *pass))

	model.Service.Listen = &url.URL{Host: *listen}
	if *user != "" {
		model.Service.Listen.User = url.UserPassword(*user, *pass)
	}
	model.Service.TLS = new(tls.Config)
	if *cert != "" {
		c, err := tls.LoadX509KeyPair(*cert, *key)
		if err != nil {
			cleanup()
			log.Fatal(err)
		}
		model.Service.TLS.Certificates = []tls.Certificate{c}
	}

	s, err := serve(model)
	if err != nil {
		cleanup()
		log.Fatal(err)
	}

	// The one line on stdout: the caller waits for it and reads the URL.
	u := *s.URL
	u.User = nil
	fmt.Printf("READY %s\n", u.String())

	done := make(chan os.Signal, 1)
	signal.Notify(done, syscall.SIGINT, syscall.SIGTERM)
	if *stdinEOF {
		// A parent JVM killed with SIGKILL cannot stop us, but its end of
		// our stdin pipe closes: treat EOF as the signal to exit.
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			done <- syscall.SIGTERM
		}()
	}
	<-done

	s.Close()
	cleanup()
}

// serve starts the server: listening and serving when it returns. The
// simulator panics when it cannot listen (port taken): report that as an error.
func serve(model *simulator.Model) (s *simulator.Server, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("cannot serve on %s: %v", model.Service.Listen.Host, r)
		}
	}()
	return model.Service.NewServer(), nil
}

// labInventory renames the model's objects to the lab's names and adds the
// datastore and VM folder, through the simulator's in-process client.
func labInventory(model *simulator.Model, dsDir string) error {
	ctx := context.Background()
	c, err := vim25.NewClient(ctx, model.Service)
	if err != nil {
		return err
	}
	finder := find.NewFinder(c)

	dc, err := finder.Datacenter(ctx, "DC0")
	if err != nil {
		return err
	}
	if err = wait(ctx)(dc.Rename(ctx, datacenterName)); err != nil {
		return err
	}
	finder.SetDatacenter(dc)

	cluster, err := finder.ClusterComputeResource(ctx, "DC0_C0")
	if err != nil {
		return err
	}
	if err = wait(ctx)(cluster.Rename(ctx, clusterName)); err != nil {
		return err
	}
	// DRS on, as vApps need it (stock vcsim enables it; the lab says so itself).
	drs := &types.ClusterConfigSpecEx{DrsConfig: &types.ClusterDrsConfigInfo{
		Enabled:           types.NewBool(true),
		DefaultVmBehavior: types.DrsBehaviorFullyAutomated,
	}}
	if err = wait(ctx)(cluster.Reconfigure(ctx, drs, true)); err != nil {
		return err
	}

	hosts, err := cluster.Hosts(ctx)
	if err != nil {
		return err
	}
	for _, host := range hosts {
		dss, err := host.ConfigManager().DatastoreSystem(ctx)
		if err != nil {
			return err
		}
		if _, err = dss.CreateLocalDatastore(ctx, datastoreName, dsDir); err != nil {
			return err
		}
	}

	folders, err := dc.Folders(ctx)
	if err != nil {
		return err
	}
	_, err = folders.VmFolder.CreateFolder(ctx, vmFolderName)
	return err
}

func wait(ctx context.Context) func(*object.Task, error) error {
	return func(task *object.Task, err error) error {
		if err != nil {
			return err
		}
		return task.Wait(ctx)
	}
}

// freeSpacePath is the lab's knob for a datastore's free space (not a vSphere
// surface): PUT ?name=LabDatastore&bytes=1048576 makes summary.freeSpace and
// info.freeSpace say so; bytes= (empty) reads the directory's file system
// again, as RefreshDatastore does. Basic auth with the simulator's login when
// it has one. Nothing is enforced: an import larger than the stated space
// still succeeds, so only read-only checks may rely on it.
const freeSpacePath = "/dunes/datastore-free-space"

func freeSpaceKnob(user, pass string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		if user != "" {
			u, p, ok := r.BasicAuth()
			if !ok || subtle.ConstantTimeCompare([]byte(u), []byte(user)) != 1 ||
				subtle.ConstantTimeCompare([]byte(p), []byte(pass)) != 1 {
				w.Header().Set("WWW-Authenticate", `Basic realm="vcsim lab knobs"`)
				http.Error(w, "login required", http.StatusUnauthorized)
				return
			}
		}
		if r.Method != http.MethodPut {
			http.Error(w, "PUT only", http.StatusMethodNotAllowed)
			return
		}
		name := r.URL.Query().Get("name")
		var ds *simulator.Datastore
		for _, e := range simulator.Map.All("Datastore") {
			if d, ok := e.(*simulator.Datastore); ok && d.Name == name {
				ds = d
			}
		}
		if ds == nil {
			http.Error(w, "no datastore named "+strconv.Quote(name), http.StatusNotFound)
			return
		}
		text := r.URL.Query().Get("bytes")
		var bytes int64
		if text != "" {
			var err error
			if bytes, err = strconv.ParseInt(text, 10, 64); err != nil || bytes < 0 {
				http.Error(w, "bytes must be a whole number of bytes, or empty", http.StatusBadRequest)
				return
			}
		}
		simulator.Map.WithLock(ds, func() {
			if text == "" {
				_ = ds.RefreshDatastore(&types.RefreshDatastore{This: ds.Self})
				return
			}
			ds.Summary.FreeSpace = bytes
			ds.Info.GetDatastoreInfo().FreeSpace = bytes
		})
		fmt.Fprintf(w, "%s free space %d\n", name, ds.Summary.FreeSpace)
	}
}
