package dunes.vsphere.steps;

import static dunes.vsphere.steps.VSphereVariables.*;

import dunes.build.BuildSpec;
import dunes.engine.Wait;
import dunes.engine.WaitDeadlines;
import dunes.vsphere.TaskRef;
import dunes.vsphere.TaskState;
import dunes.vsphere.VSphereException;
import dunes.vsphere.VSpherePort;
import dunes.vsphere.VmInfo;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * One look at what the wait loop waits for — one short call, then the job ends and a timer brings
 * the next look. A failed task throws with vSphere's fault text, so the incident says what vCenter
 * said. A finished task whose wait asks for a read-back of a VM's time sync with the host is done
 * only once vCenter shows it on; when it is off, the loop turns it on and waits for that task too.
 * An OVF import has no task: each look reads its marker and vCenter ({@link OvfImports}).
 * Past {@code dunes.deadlines.vsphere-task} (a task or an import) or {@code .power-state} (a power
 * state) since the first look it throws ({@link WaitDeadlines}): an incident naming what it awaited
 * and its last state.
 */
@Component
public class AwaitVSphereStep extends VSphereStep {

  private final OvfImports imports;
  private final WaitDeadlines deadlines;

  public AwaitVSphereStep(VSphereClients clients, OvfImports imports, WaitDeadlines deadlines) {
    super(clients);
    this.imports = imports;
    this.deadlines = deadlines;
  }

  @Override
  void run(DelegateExecution execution, BuildSpec spec, VSpherePort vsphere) {
    VSphereWait wait = VSphereWait.fromJson((String) execution.getVariable(WAIT));
    if (wait.watchesImport()) {
      OvfImports.Look look = imports.look(spec, vsphere);
      if (!look.done()) {
        deadlines.check(execution, Wait.VSPHERE_TASK, "the OVF import (" + wait.operation() + ") to finish",
            "progress " + look.progress() + "%");
      }
      execution.setVariable(PROGRESS, look.progress());
      execution.setVariable(DONE, look.done());
      return;
    }
    if (wait.watchesPowerState()) {
      VmInfo vm = vsphere.findVm(wait.vm())
          .orElseThrow(() -> new VSphereException("cannot " + wait.operation() + ": vm '" + wait.vm() + "' is gone"));
      boolean reached = vm.powerState().name().equals(wait.powerState());
      if (!reached) {
        deadlines.check(execution, Wait.POWER_STATE, "vm '" + wait.vm() + "' to be " + wait.powerState() + " ("
            + wait.operation() + ")", vm.powerState().name());
      }
      execution.setVariable(DONE, reached);
      return;
    }
    TaskState state = vsphere.poll(wait.taskRef()).orThrow();
    if (state.progress() != null) {
      execution.setVariable(PROGRESS, state.progress());
    }
    if (state.isFinished() && wait.syncTimeOf() != null) {
      readBackTimeSync(execution, wait, vsphere);
      return;
    }
    if (!state.isFinished()) {
      deadlines.check(execution, Wait.VSPHERE_TASK, "vSphere task " + wait.task() + " (" + wait.operation() + ") to finish",
          state.status() + (state.progress() == null ? "" : " " + state.progress() + "%"));
    }
    execution.setVariable(DONE, state.isFinished());
  }

  private static void readBackTimeSync(DelegateExecution execution, VSphereWait wait, VSpherePort vsphere) {
    String name = wait.syncTimeOf();
    VmInfo vm = vsphere.findVm(name)
        .orElseThrow(() -> new VSphereException("cannot " + wait.operation() + ": vm '" + name + "' is gone"));
    if (vm.syncTimeWithHost()) {
      execution.setVariable(DONE, true);
      return;
    }
    if (wait.syncTimeSet()) {
      throw new VSphereException("cannot turn on time sync with the host of vm '" + name + "': vcenter did not keep"
          + " config.tools.syncTimeWithHost; the vCO cluster needs synchronised clocks: check the VM's VMware Tools"
          + " options in vCenter");
    }
    TaskRef ref = vsphere.startTimeSync(name);
    if (ref.isDone()) { // turned on meanwhile
      execution.setVariable(DONE, true);
      return;
    }
    execution.setVariable(WAIT, wait.syncTimeBy(ref).toJson());
    execution.setVariable(DONE, false);
  }
}
