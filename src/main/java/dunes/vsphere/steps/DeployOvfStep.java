package dunes.vsphere.steps;

import dunes.build.BuildSpec;
import dunes.vsphere.TaskRef;
import dunes.vsphere.VSpherePort;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * Deploys node 1 from the request's OVF with its identity as OVF properties, tagged with the
 * build's ticket. One short look ({@link OvfImports}): the import itself — download, lease wait,
 * disk upload — runs on a worker thread under a marker committed before ImportVApp, and the wait
 * loop's timer jobs follow it; a replayed job finds the marker and starts nothing twice.
 */
@Component
public class DeployOvfStep extends VSphereStep {

  private final OvfImports imports;

  public DeployOvfStep(VSphereClients clients, OvfImports imports) {
    super(clients);
    this.imports = imports;
  }

  @Override
  void run(DelegateExecution execution, BuildSpec spec, VSpherePort vsphere) {
    String node = spec.firstNode().name();
    OvfImports.Look look = imports.look(spec, vsphere);
    await(execution, look.done() ? VSphereWait.of(TaskRef.done(look.vm(), "deploy the ovf as vm '" + node + "'"))
        : VSphereWait.importOf(node));
  }
}
