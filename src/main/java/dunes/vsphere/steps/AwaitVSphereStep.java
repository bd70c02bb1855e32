package dunes.vsphere.steps;

import static dunes.vsphere.steps.VSphereVariables.*;

import dunes.build.BuildSpec;
import dunes.vsphere.TaskState;
import dunes.vsphere.VSphereException;
import dunes.vsphere.VSpherePort;
import dunes.vsphere.VmInfo;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * One look at what the wait loop waits for — one short call, then the job ends and a timer brings
 * the next look. A failed task throws with vSphere's fault text, so the incident says what vCenter
 * said.
 */
@Component
public class AwaitVSphereStep extends VSphereStep {

  public AwaitVSphereStep(VSphereClients clients) {
    super(clients);
  }

  @Override
  void run(DelegateExecution execution, BuildSpec spec, VSpherePort vsphere) {
    VSphereWait wait = VSphereWait.fromJson((String) execution.getVariable(WAIT));
    if (wait.watchesPowerState()) {
      VmInfo vm = vsphere.findVm(wait.vm())
          .orElseThrow(() -> new VSphereException("cannot " + wait.operation() + ": vm '" + wait.vm() + "' is gone"));
      execution.setVariable(DONE, vm.powerState().name().equals(wait.powerState()));
      return;
    }
    TaskState state = vsphere.poll(wait.taskRef()).orThrow();
    if (state.progress() != null) {
      execution.setVariable(PROGRESS, state.progress());
    }
    execution.setVariable(DONE, state.isFinished());
  }
}
