package dunes.pki.steps;

import dunes.appliance.config.ConfigurationTargets;
import dunes.appliance.config.VcoConfigPort;
import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import dunes.pki.certsrv.CertsrvPort;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Submits the package-signing CSR that vCO exported (the key stays in vCO's configuration) to the
 * CA once: a recorded request id means it was submitted. Denied is a BPMN error with the CA's text.
 */
@Component
public class SubmitPackageSigningRequestStep implements JavaDelegate {

  static final String CSR_EXECUTION = "packageSigningCsrExecution";

  private final VcoConfigPort vco;
  private final CertsrvPort ca;

  public SubmitPackageSigningRequestStep(VcoConfigPort vco, CertsrvPort ca) {
    this.vco = vco;
    this.ca = ca;
  }

  @Override
  public void execute(DelegateExecution execution) {
    BuildSpec spec = BuildVariables.spec(execution);
    BuildSpec.Node node = BuildVariables.node(execution, spec);
    CertificateRequestsAtCa.submitOnce(ca, execution, spec, () -> {
      String csr = vco.outputs(ConfigurationTargets.of(execution, spec, node),
          (String) execution.getVariable(CSR_EXECUTION)).get("csr");
      if (csr == null) {
        throw new IllegalStateException("vCO on " + node.name() + " exported no package-signing CSR (output 'csr')");
      }
      return csr;
    }, "package-signing", "(none: package signing)");
  }
}
