package dunes.vsphere.steps;

import static dunes.vsphere.steps.VSphereVariables.*;

import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import dunes.vsphere.Inventory;
import dunes.vsphere.TaskRef;
import dunes.vsphere.VCenterTarget;
import dunes.vsphere.VSphereConflictException;
import dunes.vsphere.VSphereNotFoundException;
import dunes.vsphere.VSpherePort;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import java.util.function.Supplier;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every vSphere step shares: the build's request and adapter, and the line between bad input
 * and faults. Something the request names that vCenter lacks, or an object of the build's name set
 * up differently, is a BPMN error (retrying cannot help; the build compensates and reports it);
 * anything else is thrown, so the job is retried and ends as an incident with vSphere's text.
 */
abstract class VSphereStep implements JavaDelegate {

  private static final Logger LOG = LoggerFactory.getLogger(VSphereStep.class);

  private final VSphereClients clients;

  VSphereStep(VSphereClients clients) {
    this.clients = clients;
  }

  /** The step's work on the build's vCenter. */
  abstract void run(DelegateExecution execution, BuildSpec spec, VSpherePort vsphere);

  @Override
  public final void execute(DelegateExecution execution) {
    BuildSpec spec = BuildVariables.spec(execution);
    VSpherePort vsphere = clients.forBuild(spec.vcenter(), (String) execution.getVariable(VCENTER_FINGERPRINT));
    try {
      run(execution, spec, vsphere);
    } catch (VSphereNotFoundException e) {
      throw new BpmnError(ERROR_INVENTORY_NOT_FOUND, e.getMessage(), e);
    } catch (VSphereConflictException e) {
      throw new BpmnError(ERROR_CONFLICT, e.getMessage(), e);
    }
  }

  static Inventory locate(VSpherePort vsphere, BuildSpec spec) {
    return vsphere.locate(VCenterTarget.of(spec.vcenter()));
  }

  /**
   * One turn of an undo loop: done when the port has nothing left to do, else wait for the task it
   * started and come back. An object of the build's name that the build did not make is left alone
   * (undo removes only what carries the build's tag).
   */
  static void undoTurn(DelegateExecution execution, BuildSpec spec, Supplier<TaskRef> next) {
    try {
      TaskRef ref = next.get();
      if (ref.isDone()) {
        execution.setVariable(DONE, true);
      } else {
        await(execution, VSphereWait.of(ref));
      }
    } catch (VSphereConflictException e) {
      LOG.warn("undo of build {} leaves it alone: {}", spec.ticket(), e.getMessage());
      execution.setVariable(DONE, true);
    }
  }

  /** Starts a wait loop: the next AwaitVSphere turn reads this. */
  static void await(DelegateExecution execution, VSphereWait wait) {
    execution.setVariable(WAIT, wait.toJson());
    execution.setVariable(DONE, false);
  }
}
