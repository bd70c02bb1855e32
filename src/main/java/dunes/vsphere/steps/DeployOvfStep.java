package dunes.vsphere.steps;

import dunes.build.BuildSpec;
import dunes.vsphere.OvfImport;
import dunes.vsphere.OvfPropertyKeys;
import dunes.vsphere.OvfSource;
import dunes.vsphere.VSpherePort;
import java.nio.file.Path;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * Deploys node 1 from the request's OVF with its identity as OVF properties, tagged with the
 * build's ticket; a VM of that name already deployed so (a replayed job) is adopted.
 */
@Component
public class DeployOvfStep extends VSphereStep {

  private final OvfSource ovfSource;
  private final RuntimeService runtime;

  public DeployOvfStep(VSphereClients clients, OvfSource ovfSource, RuntimeService runtime) {
    super(clients);
    this.ovfSource = ovfSource;
    this.runtime = runtime;
  }

  @Override
  void run(DelegateExecution execution, BuildSpec spec, VSpherePort vsphere) {
    Path descriptor = ovfSource.resolve(spec.ovf().url(), null);
    BuildSpec.Node node = spec.firstNode();
    OvfImport request = new OvfImport(node.name(), descriptor,
        ApplianceProperties.of(OvfPropertyKeys.read(descriptor), spec, node), spec.ticket());
    try (ImportProgress progress = new ImportProgress(runtime, execution.getProcessInstanceId())) {
      await(execution, VSphereWait.of(vsphere.startOvfImport(locate(vsphere, spec), request, progress)));
    }
  }
}
