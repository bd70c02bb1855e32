package dunes.vsphere;

import com.vmware.vim25.ObjectSpec;
import com.vmware.vim25.PropertyFilterSpec;
import com.vmware.vim25.PropertySpec;
import com.vmware.vim25.UpdateSet;
import com.vmware.vim25.WaitOptions;
import com.vmware.vim25.mo.PropertyCollector;
import com.vmware.vim25.mo.PropertyFilter;
import java.util.concurrent.TimeUnit;
import com.vmware.vim25.HttpNfcLeaseInfo;
import com.vmware.vim25.HttpNfcLeaseState;
import com.vmware.vim25.KeyValue;
import com.vmware.vim25.LocalizedMethodFault;
import com.vmware.vim25.OptionValue;
import com.vmware.vim25.OvfCreateImportSpecParams;
import com.vmware.vim25.OvfCreateImportSpecResult;
import com.vmware.vim25.OvfFileItem;
import com.vmware.vim25.OvfNetworkMapping;
import com.vmware.vim25.SystemError;
import com.vmware.vim25.VirtualMachineConfigSpec;
import com.vmware.vim25.VirtualMachineImportSpec;
import com.vmware.vim25.mo.Datastore;
import com.vmware.vim25.mo.Folder;
import com.vmware.vim25.mo.HttpNfcLease;
import com.vmware.vim25.mo.ResourcePool;
import com.vmware.vim25.mo.ServiceInstance;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.rmi.RemoteException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * Deploys a single-VM OVF: import spec with network mapping and OVF properties, ImportVApp, wait
 * (bounded) for the lease, upload each disk with progress, complete — or abort the lease on any
 * failure, so vCenter removes the half-made VM.
 */
final class OvfImporter {

  private static final Logger LOG = LoggerFactory.getLogger(OvfImporter.class);
  private static final String OVF_NS = "http://schemas.dmtf.org/ovf/envelope/1";

  private final VSphereProperties timeouts;
  private final LeaseUploader uploader;

  OvfImporter(VSphereProperties timeouts, LeaseUploader uploader) {
    this.timeouts = timeouts;
    this.uploader = uploader;
  }

  /** Imports and returns the new VM's moref: {@link #begin} and {@link #finish} in one go. */
  Moref importOvf(ServiceInstance vcenter, Inventory where, OvfImport request, IntConsumer progress)
      throws RemoteException {
    return finish(vcenter, begin(vcenter, where, request), vm -> {}, progress);
  }

  /** Import spec and ImportVApp: vCenter holds a lease (and, once it is ready, a VM) from here on. */
  ImportLease begin(ServiceInstance vcenter, Inventory where, OvfImport request) throws RemoteException {
    String what = "ovf '" + request.ovf() + "' as vm '" + request.vmName() + "'";
    String descriptor = read(request.ovf());
    OvfCreateImportSpecParams params = new OvfCreateImportSpecParams();
    params.setEntityName(request.vmName());
    params.setLocale("");
    params.setDeploymentOption("");
    params.setPropertyMapping(request.properties().entrySet().stream().map(e -> {
      KeyValue kv = new KeyValue();
      kv.setKey(e.getKey());
      kv.setValue(e.getValue());
      return kv;
    }).toArray(KeyValue[]::new));
    params.setNetworkMapping(networkNames(descriptor, request.ovf()).stream().map(name -> {
      OvfNetworkMapping mapping = new OvfNetworkMapping();
      mapping.setName(name);
      mapping.setNetwork(where.network().toMor());
      return mapping;
    }).toArray(OvfNetworkMapping[]::new));

    OvfCreateImportSpecResult result = vcenter.getOvfManager().createImportSpec(descriptor,
        new ResourcePool(vcenter.getServerConnection(), where.resourcePool().toMor()),
        new Datastore(vcenter.getServerConnection(), where.datastore().toMor()), params);
    if (result.getError() != null && result.getError().length > 0) {
      throw new VSphereException("cannot deploy " + what + ": " + Arrays.stream(result.getError()).map(Faults::text)
          .collect(Collectors.joining("; ")));
    }
    if (result.getImportSpec() instanceof VirtualMachineImportSpec vmSpec) {
      tag(vmSpec.getConfigSpec(), request.buildTag());
    } else {
      throw new VSphereException("cannot deploy " + what + ": only a single-VM OVF is supported");
    }
    List<LeaseUploader.Upload> files = files(result, request.ovf());
    for (LeaseUploader.Upload file : files) {
      if (!Files.isReadable(file.file())) { // before ImportVApp: nothing to abort yet
        throw new VSphereException("cannot deploy " + what + ": cannot read disk '" + file.file() + "' of the ovf");
      }
    }
    HttpNfcLease lease = new ResourcePool(vcenter.getServerConnection(), where.resourcePool().toMor())
        .importVApp(result.getImportSpec(), new Folder(vcenter.getServerConnection(), where.folder().toMor()), null);
    return new ImportLease(Moref.of(lease.getMOR()), files, request.vmName(), request.buildTag(), what);
  }

  /**
   * Waits (bounded) for the lease, tells {@code vmKnown} the VM it makes, uploads the disks with
   * progress and completes the lease — or aborts it on any failure and removes the VM it left.
   */
  Moref finish(ServiceInstance vcenter, ImportLease begun, Consumer<Moref> vmKnown, IntConsumer progress)
      throws RemoteException {
    String what = begun.what();
    HttpNfcLease lease = new HttpNfcLease(vcenter.getServerConnection(), begun.lease().toMor());
    HttpNfcLeaseInfo info = null;
    try {
      info = awaitReady(vcenter, lease, what);
      vmKnown.accept(Moref.of(info.getEntity()));
      uploader.upload(vcenter, lease, info, begun.files(), what, progress);
      lease.httpNfcLeaseProgress(100);
      lease.httpNfcLeaseComplete();
      progress.accept(100);
      return Moref.of(info.getEntity());
    } catch (RuntimeException | RemoteException e) {
      abort(lease, what, e);
      if (info != null && info.getEntity() != null) {
        removeLeftover(vcenter, Moref.of(info.getEntity()), begun.buildTag(), what);
      }
      throw e;
    }
  }

  /** The lease as vCenter shows it now. */
  static LeaseState read(ServiceInstance vcenter, Moref lease) throws RemoteException {
    var values = PropertyReader.read(vcenter, lease.toMor(), "state", "error", "info");
    HttpNfcLeaseState state = (HttpNfcLeaseState) values.get("state");
    if (state == null) {
      return new LeaseState(LeaseState.Status.GONE, null, null);
    }
    HttpNfcLeaseInfo info = (HttpNfcLeaseInfo) values.get("info");
    Moref vm = info == null || info.getEntity() == null ? null : Moref.of(info.getEntity());
    LocalizedMethodFault error = (LocalizedMethodFault) values.get("error");
    return new LeaseState(switch (state) {
      case initializing -> LeaseState.Status.INITIALIZING;
      case ready -> LeaseState.Status.READY;
      case done -> LeaseState.Status.DONE;
      case error -> LeaseState.Status.ERROR;
    }, vm, error == null ? null : Faults.text(error));
  }

  /** Aborts a live lease (vCenter then removes the VM it was making). */
  static void abort(ServiceInstance vcenter, Moref lease, String why) {
    abort(new HttpNfcLease(vcenter.getServerConnection(), lease.toMor()), "lease " + lease,
        new VSphereException(why));
  }

  /**
   * vCenter removes the VM of an aborted import itself; a simulator may not, and a VM left behind
   * with the right properties would be adopted by the retry although its disks never arrived. So
   * the VM this import made (it carries this build's tag) is destroyed if it is still there.
   */
  private static void removeLeftover(ServiceInstance vcenter, Moref vm, String buildTag, String what) {
    try {
      VmInfo leftover = VmHelper.read(vcenter, vm);
      if (buildTag != null && buildTag.equals(leftover.buildTag())) {
        VmHelper.vm(vcenter, vm).destroy_Task();
        LOG.info("removed vm '{}' left behind by the aborted import of {}", leftover.name(), what);
      }
    } catch (VSphereNotFoundException e) {
      // vCenter removed it already
    } catch (RemoteException | RuntimeException e) {
      LOG.warn("cannot remove the vm left by the aborted import of {}: {}", what, Faults.describe(e));
    }
  }

  /**
   * The lease's state once it leaves "initializing", at most the configured lease wait. Waits
   * inside vCenter (WaitForUpdatesEx on the lease's state) rather than sleeping between reads.
   */
  private HttpNfcLeaseInfo awaitReady(ServiceInstance vcenter, HttpNfcLease lease, String what) throws RemoteException {
    long deadline = System.nanoTime() + timeouts.leaseWait().toNanos();
    PropertyCollector collector = vcenter.getPropertyCollector();
    PropertyFilter filter = collector.createFilter(stateOf(lease), true);
    try {
      String version = "";
      while (true) {
        var values = PropertyReader.read(vcenter, lease.getMOR(), "state", "error", "info");
        HttpNfcLeaseState state = (HttpNfcLeaseState) values.get("state");
        if (state == HttpNfcLeaseState.ready) {
          return (HttpNfcLeaseInfo) values.get("info");
        }
        if (state == HttpNfcLeaseState.error) {
          throw new VSphereException("cannot deploy " + what + ": the import lease failed: "
              + Faults.text((LocalizedMethodFault) values.get("error")));
        }
        if (state == HttpNfcLeaseState.done) {
          throw new VSphereException("cannot deploy " + what + ": the import lease ended before the upload");
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          throw new VSphereException("cannot deploy " + what + ": timeout after " + timeouts.leaseWait()
              + " waiting for the import lease to be ready (dunes.vsphere.lease-wait)");
        }
        WaitOptions wait = new WaitOptions();
        wait.setMaxWaitSeconds((int) Math.max(1, Math.min(60, TimeUnit.NANOSECONDS.toSeconds(remaining))));
        UpdateSet changes = collector.waitForUpdatesEx(version, wait);
        if (changes != null) {
          version = changes.getVersion();
        }
      }
    } finally {
      filter.destroyPropertyFilter();
    }
  }

  private static PropertyFilterSpec stateOf(HttpNfcLease lease) {
    ObjectSpec object = new ObjectSpec();
    object.setObj(lease.getMOR());
    object.setSkip(false);
    PropertySpec property = new PropertySpec();
    property.setType("HttpNfcLease");
    property.setPathSet(new String[] {"state"});
    PropertyFilterSpec spec = new PropertyFilterSpec();
    spec.setObjectSet(new ObjectSpec[] {object});
    spec.setPropSet(new PropertySpec[] {property});
    return spec;
  }

  private static List<LeaseUploader.Upload> files(OvfCreateImportSpecResult result, Path ovf) {
    List<LeaseUploader.Upload> files = new ArrayList<>();
    for (OvfFileItem item : result.getFileItem() == null ? new OvfFileItem[0] : result.getFileItem()) {
      files.add(new LeaseUploader.Upload(item.getDeviceId(), ovf.toAbsolutePath().resolveSibling(item.getPath()), item.isCreate()));
    }
    return files;
  }

  private static void tag(VirtualMachineConfigSpec config, String buildTag) {
    if (buildTag == null || config == null) {
      return;
    }
    List<OptionValue> extra = new ArrayList<>(config.getExtraConfig() == null ? List.of() : List.of(config.getExtraConfig()));
    extra.add(BuildTag.extraConfig(buildTag));
    config.setExtraConfig(extra.toArray(OptionValue[]::new));
  }

  private static void abort(HttpNfcLease lease, String what, Exception cause) {
    try {
      SystemError fault = new SystemError();
      fault.setReason("Dunes aborted the import: " + (cause instanceof VSphereException ? cause.getMessage()
          : Faults.describe(cause)));
      LocalizedMethodFault reason = new LocalizedMethodFault();
      reason.setFault(fault);
      reason.setLocalizedMessage(fault.getReason());
      lease.httpNfcLeaseAbort(reason);
    } catch (RemoteException | RuntimeException e) {
      LOG.warn("cannot abort the import lease of {}: {}", what, Faults.describe(e));
    }
  }

  private static String read(Path ovf) {
    try {
      return Files.readString(ovf);
    } catch (IOException e) {
      throw new VSphereException("cannot read ovf '" + ovf + "': " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
    }
  }

  /** The networks the descriptor's NetworkSection declares: each is mapped to the request's network. */
  static List<String> networkNames(String descriptor, Path ovf) {
    try {
      NodeList networks = OvfDescriptor.parser().parse(new InputSource(new StringReader(descriptor)))
          .getElementsByTagNameNS(OVF_NS, "Network");
      List<String> names = new ArrayList<>();
      for (int i = 0; i < networks.getLength(); i++) {
        Element network = (Element) networks.item(i);
        if ("NetworkSection".equals(network.getParentNode().getLocalName())) {
          names.add(network.getAttributeNS(OVF_NS, "name"));
        }
      }
      return names;
    } catch (Exception e) {
      throw new VSphereException("cannot read ovf '" + ovf + "': not an OVF descriptor (" + Faults.describe(e) + ")", e);
    }
  }

}
