package dunes.pki.steps;

import dunes.appliance.config.ConfigurationTargets;
import dunes.appliance.config.NodeConfiguration;
import dunes.appliance.config.VcoConfigPort;
import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import dunes.pki.certsrv.CertsrvPort;
import dunes.pki.keys.CertificateRequests;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Submits the package-signing CSR that vCO exported (the key stays in vCO's configuration) to the
 * CA once ({@link CertificateRequestsAtCa#submitOnce}). The CSR is the output {@code csr} of the
 * export's run ({@code packageSigningCsrExecution}) or, when an operator exported it by hand, the
 * one they pasted ({@code packageSigningCsr}, checked before). Either must be signed by its own key
 * for CN = the cluster's name. Denied is a BPMN error with the CA's text.
 */
@Component
public class SubmitPackageSigningRequestStep implements JavaDelegate {

  static final String CSR_EXECUTION = "packageSigningCsrExecution";

  private final VcoConfigPort vco;
  private final CertsrvPort ca;
  private final SubmittedRequests requests;
  private final SubmissionMarkers markers;

  public SubmitPackageSigningRequestStep(VcoConfigPort vco, CertsrvPort ca, SubmittedRequests requests,
      SubmissionMarkers markers) {
    this.vco = vco;
    this.ca = ca;
    this.requests = requests;
    this.markers = markers;
  }

  @Override
  public void execute(DelegateExecution execution) {
    BuildSpec spec = BuildVariables.spec(execution);
    BuildSpec.Node node = BuildVariables.node(execution, spec);
    CertificateRequestsAtCa.submitOnce(ca, requests, markers, execution, spec, () -> {
      String pasted = (String) execution.getVariable(NodeConfiguration.PASTED_CSR);
      String csr = pasted != null ? pasted : exported(execution, spec, node);
      try {
        CertificateRequests.parseFor(csr, spec.cluster().fqdn());
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("the package-signing CSR " + (pasted != null ? "pasted by an operator"
            : "vCO on " + node.name() + " exported") + " is not one Dunes submits: " + e.getMessage(), e);
      }
      return csr;
    }, CertificateKind.PACKAGE_SIGNING, "(none: package signing)");
  }

  private String exported(DelegateExecution execution, BuildSpec spec, BuildSpec.Node node) {
    String run = (String) execution.getVariable(CSR_EXECUTION);
    if (run == null) {
      throw new IllegalStateException("no package-signing CSR for " + node.name() + ": neither a run of the export ("
          + CSR_EXECUTION + ") nor one pasted by an operator (" + NodeConfiguration.PASTED_CSR + ")");
    }
    String csr = vco.outputs(ConfigurationTargets.of(execution, spec, node), run).get("csr");
    if (csr == null) {
      throw new IllegalStateException("vCO on " + node.name() + " exported no package-signing CSR (output 'csr')");
    }
    return csr;
  }
}
