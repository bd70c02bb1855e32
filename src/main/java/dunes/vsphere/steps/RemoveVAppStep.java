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
    undoTurn(execution, spec,
        () -> vsphere.startRemoveVApp(locate(vsphere, spec), EnsureVAppStep.vappName(spec), spec.ticket()));
  }
}
