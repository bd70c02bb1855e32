package dunes.vsphere.steps;

import static dunes.vsphere.steps.VSphereVariables.DONE;
import static dunes.vsphere.steps.VSphereVariables.VM_NAME;

import dunes.build.BuildSpec;
import dunes.vsphere.TaskRef;
import dunes.vsphere.VSpherePort;
import dunes.vsphere.VmInfo;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Undo of a deploy or clone, one turn of a loop for the VM {@code vmName}: a clone of it still
 * running in vCenter is waited for first, an import under way is stopped, then every VM of that
 * name carrying this build's tag is powered off and destroyed, by moref (one step a turn). Done
 * only when none of the build's is left; VMs of that name without its tag are left alone.
 */
@Component
public class RemoveVmStep extends VSphereStep {

  private static final Logger LOG = LoggerFactory.getLogger(RemoveVmStep.class);

  private final NodeClones clones;
  private final OvfImports imports;

  public RemoveVmStep(VSphereClients clients, NodeClones clones, OvfImports imports) {
    super(clients);
    this.clones = clones;
    this.imports = imports;
  }

  @Override
  void run(DelegateExecution execution, BuildSpec spec, VSpherePort vsphere) {
    String name = (String) execution.getVariable(VM_NAME);
    Optional<TaskRef> cloning = clones.running(spec, vsphere, name);
    if (cloning.isPresent()) {
      await(execution, VSphereWait.of(cloning.get()));
      return;
    }
    if (name.equals(spec.firstNode().name())) {
      imports.undo(spec, vsphere);
    }
    List<VmInfo> named = vsphere.findVms(name);
    for (VmInfo vm : named) {
      if (spec.ticket().equals(vm.buildTag())) {
        TaskRef step = vsphere.startRemoveVm(vm.moref(), spec.ticket());
        if (!step.isDone()) {
          await(execution, VSphereWait.of(step));
          return;
        }
      } else {
        LOG.warn("undo of build {} leaves vm '{}' ({}) alone: {}", spec.ticket(), name, vm.moref(),
            vm.buildTag() == null ? "it has no build tag" : "it carries build tag '" + vm.buildTag() + "'");
      }
    }
    execution.setVariable(DONE, true);
  }
}
