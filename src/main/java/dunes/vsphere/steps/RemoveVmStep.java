package dunes.vsphere.steps;

import static dunes.vsphere.steps.VSphereVariables.VM_NAME;

import dunes.build.BuildSpec;
import dunes.vsphere.VSpherePort;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** Undo of a deploy or clone, one turn of a loop: powers off, then destroys the VM {@code vmName}. */
@Component
public class RemoveVmStep extends VSphereStep {

  public RemoveVmStep(VSphereClients clients) {
    super(clients);
  }

  @Override
  void run(DelegateExecution execution, BuildSpec spec, VSpherePort vsphere) {
    undoTurn(execution, spec, () -> vsphere.startRemoveVm((String) execution.getVariable(VM_NAME), spec.ticket()));
  }
}
