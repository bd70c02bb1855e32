package dunes.vsphere.steps;

import static dunes.vsphere.steps.VSphereVariables.VM_NAME;

import dunes.build.BuildSpec;
import dunes.vsphere.VSpherePort;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** Powers on the VM named by the input {@code vmName}; one already on is left as it is. */
@Component
public class PowerOnVmStep extends VSphereStep {

  public PowerOnVmStep(VSphereClients clients) {
    super(clients);
  }

  @Override
  void run(DelegateExecution execution, BuildSpec spec, VSpherePort vsphere) {
    await(execution, VSphereWait.of(vsphere.startPowerOn((String) execution.getVariable(VM_NAME))));
  }
}
