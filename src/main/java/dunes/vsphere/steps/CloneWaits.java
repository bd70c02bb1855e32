package dunes.vsphere.steps;

import static dunes.vsphere.steps.VSphereVariables.CLONE_NAME;
import static dunes.vsphere.steps.VSphereVariables.CLONE_WAIT;

import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.stereotype.Component;

/**
 * The wait of each clone's CloneVM_Task, one variable per clone: {@code Task_CloneVm} starts the
 * clones one after another and writes each; {@code CallActivity_AwaitClone} awaits them together,
 * each instance reading its own ({@code ${cloneWaits.of(execution)}}).
 */
@Component
public class CloneWaits {

  /** The variable holding clone {@code clone}'s wait. */
  static String variable(String clone) {
    return CLONE_WAIT + clone;
  }

  /** The wait of the clone this multi-instance execution stands for ({@code cloneName}). */
  public String of(VariableScope execution) {
    String clone = (String) execution.getVariable(CLONE_NAME);
    Object wait = execution.getVariable(variable(clone));
    if (wait == null) {
      throw new IllegalStateException("no clone task recorded for '" + clone + "': Task_CloneVm has not started it");
    }
    return (String) wait;
  }
}
