package dunes.vsphere.steps;

import static dunes.vsphere.steps.VSphereVariables.SHUTDOWN_METHOD;
import static dunes.vsphere.steps.VSphereVariables.SHUTDOWN_REFUSAL;

import dunes.build.BuildSpec;
import dunes.vsphere.VSphereNotFoundException;
import dunes.vsphere.VSpherePort;
import dunes.vsphere.VSphereToolsUnavailableException;
import dunes.vsphere.VmInfo;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * Shuts node 1 down the way the operator chose in Task_ShutdownNodeForClone: a guest shutdown
 * (VMware Tools; awaited by watching the power state) or a hard power-off (a task). Node 1 already
 * off is done. A guest shutdown that cannot happen now — Tools not running, so vCenter refuses it
 * (ToolsUnavailable), or the VM suspended — is no fault to retry: the step says why in
 * {@code shutdownRefusal} and the process hands the decision back to the operator.
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
    if (!"powerOff".equals(method) && !"guest".equals(method)) {
      throw new IllegalArgumentException("shutdownMethod must be 'guest' or 'powerOff', not '" + method + "'");
    }
    VmInfo source = vsphere.findVm(vm)
        .orElseThrow(() -> new VSphereNotFoundException("vm '" + vm + "' (node 1, the clones' source) is gone"));
    execution.setVariable(SHUTDOWN_REFUSAL, null);
    VSphereWait off = VSphereWait.powerState(vm, VmInfo.PowerState.POWERED_OFF, "shut down the guest of vm '" + vm + "'");
    if (source.powerState() == VmInfo.PowerState.POWERED_OFF || "shuttingDown".equals(source.guestState())) {
      await(execution, off); // off, or a guest shutdown already under way (a retried job): watch it end
    } else if ("powerOff".equals(method)) {
      await(execution, VSphereWait.of(vsphere.startPowerOff(vm)));
    } else if (source.powerState() == VmInfo.PowerState.SUSPENDED) {
      execution.setVariable(SHUTDOWN_REFUSAL, "vm '" + vm + "' is suspended: a guest shutdown needs it running;"
          + " resume it or choose a power-off");
    } else if (!source.toolsRunning()) {
      execution.setVariable(SHUTDOWN_REFUSAL, toolsNotRunning(vm, source.toolsRunningStatus()));
    } else {
      try {
        vsphere.shutdownGuest(vm);
        await(execution, off);
      } catch (VSphereToolsUnavailableException e) { // Tools stopped since they were read
        execution.setVariable(SHUTDOWN_REFUSAL, toolsNotRunning(vm, "ToolsUnavailable"));
      }
    }
  }

  /** @param evidence what says so: the guest's Tools status, or vCenter's fault */
  private static String toolsNotRunning(String vm, String evidence) {
    return "VMware Tools is not running in vm '" + vm + "' (" + evidence + "): a guest shutdown needs it;"
        + " wait for Tools or choose a power-off";
  }
}
