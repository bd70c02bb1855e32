package dunes.vsphere.steps;

import static dunes.vsphere.steps.VSphereVariables.*;

import dunes.build.BuildSpec;
import dunes.vsphere.VSphereNotFoundException;
import dunes.vsphere.VSpherePort;
import dunes.vsphere.VmInfo;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * Reads node 1's power state, guest state and VMware Tools status for the operator who decides on its
 * shutdown; read again each time the decision comes back to the operator, so the task shows them as they are.
 */
@Component
public class ReadSourceStateStep extends VSphereStep {

  public ReadSourceStateStep(VSphereClients clients) {
    super(clients);
  }

  @Override
  void run(DelegateExecution execution, BuildSpec spec, VSpherePort vsphere) {
    String source = spec.firstNode().name();
    VmInfo vm = vsphere.findVm(source)
        .orElseThrow(() -> new VSphereNotFoundException("vm '" + source + "' (node 1, the clones' source) is gone"));
    execution.setVariable(SOURCE_VM, source);
    execution.setVariable(SOURCE_POWER_STATE, vm.powerState().name());
    execution.setVariable(SOURCE_GUEST_STATE, vm.guestState());
    execution.setVariable(SOURCE_TOOLS_STATUS, vm.toolsRunningStatus());
    execution.setVariable(CLONE_NAMES, String.join(", ", spec.cloneNames()));
  }
}
