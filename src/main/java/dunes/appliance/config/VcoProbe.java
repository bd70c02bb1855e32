package dunes.appliance.config;

import dunes.build.BuildSpec;
import dunes.build.FieldError;
import dunes.build.probe.ProductProbe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The read-only look at node 1's vCO before the first configuration workflow: its version
 * ({@code GET /vco/api/about}) and, for every step the build will run whose workflow is
 * configured, whether the node resolves it (id first, then name). A configured workflow the node
 * does not have is a finding on its property; a step without a workflow is not (an operator performs
 * it). It reads only, so it may run any number of times. The {@link ProductProbe} contract, with the
 * node's target besides the request: vCO is reachable only once node 1 is deployed and trusted.
 */
public final class VcoProbe {

  public static final String PRODUCT = "vco";
  static final String PROPERTY = "dunes.appliance.config.workflows.";

  private final VcoConfigPort vco;
  private final VcoConfigProperties properties;

  public VcoProbe(VcoConfigPort vco, VcoConfigProperties properties) {
    this.vco = vco;
    this.properties = properties;
  }

  public ProductProbe.ProbeReport probe(BuildSpec spec, VcoConfigPort.Target node1) {
    String version = vco.version(node1);
    List<FieldError> findings = new ArrayList<>();
    steps(spec).forEach((step, why) -> {
      WorkflowRef workflow = properties.workflow(step);
      if (!workflow.configured()) {
        return;
      }
      Optional<WorkflowRef> found = vco.find(node1, workflow);
      if (found.isEmpty()) {
        findings.add(new FieldError(PROPERTY + step, "vCO " + version + " at " + node1 + " has no workflow " + workflow
            + " (" + why + "): install the plug-in or package that provides it, correct the name and id, or remove "
            + "them so that an operator performs the step"));
      }
    });
    return new ProductProbe.ProbeReport(PRODUCT, version, findings);
  }

  /** The steps the build will run, in order, each with what it is for. */
  static Map<String, String> steps(BuildSpec spec) {
    Map<String, String> steps = new LinkedHashMap<>();
    steps.put("network", "the node's address, every node");
    steps.put("import-certificate", "the SSO and vCenter certificates, node 1");
    steps.put("sso", "registration with SSO, node 1");
    steps.put("database", "the SQL Server database, node 1");
    steps.put("create-tables", "the database tables, node 1");
    steps.put("licence", "the licence from vCenter, node 1");
    if (!spec.appliance().plugins().isEmpty()) {
      steps.put("plugin", "the plug-ins " + spec.appliance().plugins() + ", node 1");
    }
    if (spec.nodes().size() > 1) {
      steps.put("vcenter", "the vCenter credentials entered again on each clone");
    }
    steps.put("create-package-signing", "the package-signing certificate, node 1");
    steps.put("export-package-signing-csr", "its signing request, node 1");
    steps.put("import-trusted-certificate", "the CA's certificate, node 1");
    steps.put("import-package-signing-certificate", "the signed package-signing chain, node 1");
    steps.put("cluster", "Server Availability");
    steps.put("cluster-status", "the cluster's started nodes");
    return steps;
  }
}
