package dunes.vsphere.steps;

import dunes.build.BuildSpec;
import dunes.vsphere.VSpherePort;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * Undo of the staggered startup, one turn of a loop: moves the nodes out of the build's vApp into
 * the request's pool and folder, then removes the vApp.
 */
@Component
public class RemoveVAppStep extends VSphereStep {

  public RemoveVAppStep(VSphereClients clients) {
    super(clients);
  }

  @Override
  void run(DelegateExecution execution, BuildSpec spec, VSpherePort vsphere) {
    String name = EnsureVAppStep.vappName(spec);
    if (vsphere.findVApp(name).isEmpty()) {
      // nothing to move out: and the request's inventory is not looked up, so an undo of a build
      // that failed on it (a datastore vCenter does not have) does not fail on it again
      execution.setVariable(VSphereVariables.DONE, true);
      return;
    }
    undoTurn(execution, spec, () -> vsphere.startRemoveVApp(locate(vsphere, spec), name, spec.ticket()));
  }
}
