package dunes.vsphere.steps;

import static dunes.vsphere.steps.VSphereVariables.*;

import dunes.build.BuildSpec;
import dunes.vsphere.VAppInfo;
import dunes.vsphere.VSpherePort;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * The field guide's "Additional steps": a vApp, named as the cluster, holding every node, started
 * in node order with the request's delay between them so the nodes do not initialise the database
 * at the same time. Reads back what vCenter kept.
 */
@Component
public class EnsureVAppStep extends VSphereStep {

  public EnsureVAppStep(VSphereClients clients) {
    super(clients);
  }

  @Override
  void run(DelegateExecution execution, BuildSpec spec, VSpherePort vsphere) {
    VAppInfo vapp = vsphere.ensureVApp(locate(vsphere, spec), vappName(spec), spec.nodeNames(),
        spec.startDelaySeconds(), spec.ticket());
    execution.setVariable(VAPP_NAME, vapp.name());
    execution.setVariable(VAPP_START_ORDER, vapp.members().stream()
        .map(m -> m.startOrder() + " " + m.vm() + " +" + m.startDelay() + "s").collect(Collectors.joining(", ")));
  }

  /** The vApp the build groups its nodes in: named after the cluster. */
  public static String vappName(BuildSpec spec) {
    return spec.cluster().name();
  }
}
