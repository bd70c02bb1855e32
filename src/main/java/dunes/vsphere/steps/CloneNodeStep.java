package dunes.vsphere.steps;

import static dunes.vsphere.steps.VSphereVariables.CLONE_NAME;

import dunes.build.BuildSpec;
import dunes.vsphere.VSpherePort;
import dunes.vsphere.VmInfo;
import dunes.vsphere.VSphereNotFoundException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * Clones node 1 as the node {@code cloneName} with that node's identity in the clone's vApp
 * properties (the field guide: "be sure to update the hostname and IP address in the vApp
 * Properties") and VMware Tools' time sync with the host on (the vendor's cluster prerequisite:
 * clocks synchronised on all nodes), read back once the clone exists and turned on when vCenter
 * did not keep it; a clone already made so is adopted, one made differently stops the build.
 * The clone is started once ({@link NodeClones}): a retry waits for the clone task a marker
 * recorded, or that vCenter still runs, instead of starting a second one. The wait goes into the
 * clone's own variable ({@link CloneWaits}), as the clones copy at the same time and are awaited together.
 */
@Component
public class CloneNodeStep extends VSphereStep {

  private final NodeClones clones;

  public CloneNodeStep(VSphereClients clients, NodeClones clones) {
    super(clients);
    this.clones = clones;
  }

  @Override
  void run(DelegateExecution execution, BuildSpec spec, VSpherePort vsphere) {
    BuildSpec.Node node = spec.node((String) execution.getVariable(CLONE_NAME));
    String source = spec.firstNode().name();
    VmInfo from = vsphere.findVm(source)
        .orElseThrow(() -> new VSphereNotFoundException("vm '" + source + "' (node 1, the clones' source) is gone"));
    VSphereWait wait = VSphereWait.of(clones.start(spec, vsphere, locate(vsphere, spec), node.name(),
        ApplianceProperties.of(from.properties().keySet(), spec, node))).thenSyncTime(node.name());
    execution.setVariable(CloneWaits.variable(node.name()), wait.toJson());
  }
}
