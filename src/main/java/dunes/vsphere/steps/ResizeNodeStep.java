package dunes.vsphere.steps;

import dunes.build.BuildSpec;
import dunes.vsphere.VSphereNotFoundException;
import dunes.vsphere.VSpherePort;
import dunes.vsphere.VmInfo;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * The field guide's "adjust the resources if necessary", before node 1's first power-on: the
 * request's CPU count and memory, each kept as the OVF has it when the request leaves it out; in
 * the same ReconfigVM VMware Tools' time sync with the host (the vendor's cluster prerequisite:
 * clocks synchronised on all nodes), read back once the task has finished. The clones inherit
 * size and time sync.
 */
@Component
public class ResizeNodeStep extends VSphereStep {

  public ResizeNodeStep(VSphereClients clients) {
    super(clients);
  }

  @Override
  void run(DelegateExecution execution, BuildSpec spec, VSpherePort vsphere) {
    String name = spec.firstNode().name();
    BuildSpec.Appliance size = spec.appliance();
    VmInfo vm = vsphere.findVm(name).orElseThrow(() -> new VSphereNotFoundException("vm '" + name + "' is gone"));
    await(execution, VSphereWait.of(vsphere.startResize(name,
        size.cpus() != null ? size.cpus() : vm.cpus(), size.memoryMb() != null ? size.memoryMb() : vm.memoryMb()))
        .thenSyncTime(name));
  }
}
