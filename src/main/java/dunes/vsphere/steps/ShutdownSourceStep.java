package dunes.vsphere.steps;

import static dunes.vsphere.steps.VSphereVariables.SHUTDOWN_METHOD;

import dunes.build.BuildSpec;
import dunes.vsphere.VSpherePort;
import dunes.vsphere.VmInfo;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * Shuts node 1 down the way the operator chose in Task_ShutdownNodeForClone: a guest shutdown
 * (VMware Tools; awaited by watching the power state) or a hard power-off (a task).
 */
@Component
public class ShutdownSourceStep extends VSphereStep {

  public ShutdownSourceStep(VSphereClients clients) {
    super(clients);
  }

  @Override
  void run(DelegateExecution execution, BuildSpec spec, VSpherePort vsphere) {
    String vm = spec.firstNode().name();
    String method = (String) execution.getVariable(SHUTDOWN_METHOD);
    if ("powerOff".equals(method)) {
      await(execution, VSphereWait.of(vsphere.startPowerOff(vm)));
    } else if ("guest".equals(method)) {
      vsphere.shutdownGuest(vm);
      await(execution, VSphereWait.powerState(vm, VmInfo.PowerState.POWERED_OFF,
          "shut down the guest of vm '" + vm + "'"));
    } else {
      throw new IllegalArgumentException("shutdownMethod must be 'guest' or 'powerOff', not '" + method + "'");
    }
  }
}
