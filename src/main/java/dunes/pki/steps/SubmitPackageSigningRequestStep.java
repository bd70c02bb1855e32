package dunes.pki.steps;

import static dunes.pki.steps.ClientCertificates.*;

import dunes.appliance.config.VcoConfigPort;
import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import dunes.pki.certsrv.CertsrvPort;
import dunes.pki.certsrv.Disposition;
import dunes.pki.certsrv.Submission;
import dunes.secrets.SecretRef;
import org.camunda.bpm.engine.delegate.BpmnError;
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
    if (execution.getVariable(REQUEST_ID) != null) {
      return;
    }
    BuildSpec spec = BuildVariables.spec(execution);
    BuildSpec.Node node = spec.node((String) execution.getVariable("nodeName"));
    VcoConfigPort.Target server = new VcoConfigPort.Target(node.ip(), spec.appliance().serverPort(),
        (String) execution.getVariable("serverFingerprint"), new SecretRef(spec.appliance().configPasswordRef()));
    String csr = vco.outputs(server, (String) execution.getVariable(CSR_EXECUTION)).get("csr");
    if (csr == null) {
      throw new IllegalStateException("vCO on " + node.name() + " exported no package-signing CSR (output 'csr')");
    }
    Submission submission = ca.submit(ca(execution, spec), csr);
    if (submission.requestId().isPresent()) {
      execution.setVariable(REQUEST_ID, submission.requestId().getAsLong());
    }
    execution.setVariable(DISPOSITION, submission.disposition().name());
    execution.setVariable("certificateSubject", subject(spec).principal().getName());
    execution.setVariable("certificateSubjectAltNames", "(none: package signing)");
    execution.setVariable("certificateKeySize", dunes.pki.keys.KeyParameters.DEFAULT_RSA_BITS);
    execution.setVariable("certificateAuthority", spec.ca().url());
    if (submission.disposition() == Disposition.DENIED) {
      throw new BpmnError(SubmitCertificateRequestStep.ERROR_DENIED, "the CA at " + spec.ca().url()
          + " denied the package-signing request: " + submission.message());
    }
  }
}
