package dunes.pki.steps;

import static dunes.pki.steps.ClientCertificates.*;

import dunes.appliance.shell.NodeShellPort;
import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import dunes.pki.certsrv.CertsrvPort;
import dunes.pki.keys.Keystores;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Submits the pending key's CSR to the CA once ({@link CertificateRequestsAtCa#submitOnce}: a marker
 * before the call, the request id as soon as the CA answers, a person when only the marker is there).
 * Issued or pending go on; denied is a BPMN error with the CA's message.
 */
@Component
public class SubmitCertificateRequestStep implements JavaDelegate {

  public static final String ERROR_DENIED = "CertificateDenied";

  private final NodeShellPort shell;
  private final CertsrvPort ca;
  private final SubmittedRequests requests;
  private final SubmissionMarkers markers;

  public SubmitCertificateRequestStep(NodeShellPort shell, CertsrvPort ca, SubmittedRequests requests,
      SubmissionMarkers markers) {
    this.shell = shell;
    this.ca = ca;
    this.requests = requests;
    this.markers = markers;
  }

  @Override
  public void execute(DelegateExecution execution) {
    BuildSpec spec = BuildVariables.spec(execution);
    NodeShellPort.Target node = node(execution, spec);
    CertificateRequestsAtCa.submitOnce(ca, requests, markers, execution, spec,
        () -> Keystores.csrFor(shell.download(node, KEYSTORE), STORE_PASSWORD, PENDING_ALIAS, subject(spec), names(spec)),
        CertificateKind.CLIENT_SSL, String.join(", ", names(spec).dnsNames()) + ", " + String.join(", ", names(spec).ipAddresses()));
  }
}
