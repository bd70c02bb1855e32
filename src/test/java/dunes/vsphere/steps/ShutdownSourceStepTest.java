package dunes.vsphere.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dunes.build.BuildRequestReader;
import dunes.build.BuildSpec;
import dunes.support.ExampleRequest;
import dunes.vsphere.Moref;
import dunes.vsphere.TaskRef;
import dunes.vsphere.VSpherePort;
import dunes.vsphere.VSphereToolsUnavailableException;
import dunes.vsphere.VmInfo;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.junit.jupiter.api.Test;

/** Node 1 (vcvco1 in the example request) shut down as the operator chose, or the decision handed back. */
class ShutdownSourceStepTest {

  static final BuildSpec SPEC = BuildRequestReader.parseTrusted(ExampleRequest.withTicket("CHG-1").toString());
  static final String VM = SPEC.firstNode().name();

  final VSpherePort vsphere = mock(VSpherePort.class);
  final ShutdownSourceStep step = new ShutdownSourceStep(null);
  final Map<String, Object> variables = new HashMap<>();

  @Test
  void shouldShutDownTheGuestWhenToolsRunAndWatchThePowerState() {
    found(VmInfo.PowerState.POWERED_ON, "running", "guestToolsRunning");

    step.run(execution("guest"), SPEC, vsphere);

    verify(vsphere).shutdownGuest(VM);
    assertThat(variables).containsEntry(VSphereVariables.SHUTDOWN_REFUSAL, null);
    assertThat(awaited().vm()).isEqualTo(VM);
    assertThat(awaited().powerState()).isEqualTo("POWERED_OFF");
  }

  @Test
  void shouldHandTheDecisionBackWhenToolsAreNotRunningWithoutAskingVCenter() {
    found(VmInfo.PowerState.POWERED_ON, "notRunning", "guestToolsNotRunning");
    variables.put(VSphereVariables.WAIT, "before");

    step.run(execution("guest"), SPEC, vsphere);

    verify(vsphere, never()).shutdownGuest(anyString());
    assertThat(variables).containsEntry(VSphereVariables.SHUTDOWN_REFUSAL, "VMware Tools is not running in vm '" + VM
        + "' (guestToolsNotRunning): a guest shutdown needs it; wait for Tools or choose a power-off");
    assertThat(variables).containsEntry(VSphereVariables.WAIT, "before"); // nothing to await
  }

  @Test
  void shouldHandTheDecisionBackWhenVCenterAnswersToolsUnavailable() {
    found(VmInfo.PowerState.POWERED_ON, "running", "guestToolsRunning"); // Tools stopped after this read
    doThrow(new VSphereToolsUnavailableException("cannot shut down the guest of vm '" + VM + "': ToolsUnavailable", null))
        .when(vsphere).shutdownGuest(VM);

    step.run(execution("guest"), SPEC, vsphere);

    assertThat((String) variables.get(VSphereVariables.SHUTDOWN_REFUSAL))
        .startsWith("VMware Tools is not running in vm '" + VM + "' (ToolsUnavailable): ");
    assertThat(variables).doesNotContainKey(VSphereVariables.WAIT);
  }

  @Test
  void shouldHandASuspendedGuestBack() {
    found(VmInfo.PowerState.SUSPENDED, "notRunning", "guestToolsNotRunning");

    step.run(execution("guest"), SPEC, vsphere);

    verify(vsphere, never()).shutdownGuest(anyString());
    assertThat((String) variables.get(VSphereVariables.SHUTDOWN_REFUSAL)).contains("is suspended");
  }

  @Test
  void shouldPowerOffWithoutTheGuest() {
    found(VmInfo.PowerState.POWERED_ON, "notRunning", "guestToolsNotRunning");
    when(vsphere.startPowerOff(VM)).thenReturn(new TaskRef(new Moref("Task", "task-9"), null, "power off"));

    step.run(execution("powerOff"), SPEC, vsphere);

    assertThat(variables).containsEntry(VSphereVariables.SHUTDOWN_REFUSAL, null);
    assertThat(awaited().task()).isEqualTo(new Moref("Task", "task-9").toString());
  }

  @Test
  void shouldOnlyWatchANodeAlreadyOffOrShuttingDown() {
    for (VmInfo vm : new VmInfo[] {vm(VmInfo.PowerState.POWERED_OFF, "notRunning", "guestToolsNotRunning"),
        vm(VmInfo.PowerState.POWERED_ON, "shuttingDown", "guestToolsNotRunning")}) {
      for (String method : new String[] {"guest", "powerOff"}) {
        when(vsphere.findVm(VM)).thenReturn(Optional.of(vm));

        step.run(execution(method), SPEC, vsphere);

        assertThat(variables).as(vm.powerState() + " " + vm.guestState() + ", " + method)
            .containsEntry(VSphereVariables.SHUTDOWN_REFUSAL, null);
        assertThat(awaited().powerState()).isEqualTo("POWERED_OFF");
      }
    }
    verify(vsphere, never()).shutdownGuest(anyString());
    verify(vsphere, never()).startPowerOff(anyString());
  }

  private void found(VmInfo.PowerState power, String guestState, String toolsStatus) {
    when(vsphere.findVm(VM)).thenReturn(Optional.of(vm(power, guestState, toolsStatus)));
  }

  private static VmInfo vm(VmInfo.PowerState power, String guestState, String toolsStatus) {
    return new VmInfo(VM, new Moref("VirtualMachine", "vm-1"), power, Map.of(), Set.of(), "CHG-1", 2, 4096,
        guestState, toolsStatus, true);
  }

  private VSphereWait awaited() {
    return VSphereWait.fromJson((String) variables.get(VSphereVariables.WAIT));
  }

  private DelegateExecution execution(String method) {
    variables.put(VSphereVariables.SHUTDOWN_METHOD, method);
    DelegateExecution execution = mock(DelegateExecution.class);
    when(execution.getVariable(anyString())).thenAnswer(i -> variables.get(i.getArgument(0, String.class)));
    doAnswer(i -> variables.put(i.getArgument(0), i.getArgument(1))).when(execution).setVariable(anyString(), any());
    return execution;
  }
}
