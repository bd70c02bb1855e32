package dunes.pki.steps;

import static dunes.pki.steps.ClientCertificates.*;

import dunes.build.BuildSpec;
import dunes.pki.certsrv.CertsrvPort;
import dunes.pki.certsrv.Disposition;
import dunes.pki.certsrv.Issued;
import dunes.pki.certsrv.Submission;
import dunes.pki.keys.CertificateChains;
import dunes.pki.keys.CertificateRequests;
import dunes.pki.keys.CsrSummary;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;

/** What both certificate stages do at the CA: submit a CSR once, and take the issued chain back checked. */
final class CertificateRequestsAtCa {

  private CertificateRequestsAtCa() {}

  /**
   * Submits {@code csr} unless this stage already did (its request id is recorded in
   * {@link SubmittedRequests} as soon as the CA answers; certsrv cannot be asked whether it knows a
   * CSR), records what the approval form shows, and turns a denial into a BPMN error with the CA's text.
   *
   * @param what names the certificate in messages and the form, e.g. "package-signing"
   */
  static void submitOnce(CertsrvPort ca, SubmittedRequests requests, DelegateExecution execution, BuildSpec spec,
      java.util.function.Supplier<String> csr, String what, String subjectAltNames) {
    if (requests.find(execution.getProcessInstanceId()).isPresent()) {
      return;
    }
    String pem = csr.get();
    CsrSummary summary = CertificateRequests.summarize(pem); // what the approver sees is what the CA received
    Submission submission = ca.submit(ca(execution, spec), pem);
    if (submission.requestId().isPresent()) {
      requests.record(execution, submission.requestId().getAsLong());
      execution.setVariable(REQUEST_ID, submission.requestId().getAsLong()); // shown on the approval form
    }
    execution.setVariable(DISPOSITION, submission.disposition().name());
    execution.setVariable("certificateSubject", summary.subject());
    execution.setVariable("certificateSubjectAltNames", subjectAltNames);
    execution.setVariable("certificateKeySize", summary.keyBits());
    execution.setVariable("certificateAuthority", spec.ca().url());
    if (submission.disposition() == Disposition.DENIED) {
      throw new BpmnError(SubmitCertificateRequestStep.ERROR_DENIED, "the CA at " + spec.ca().url()
          + " denied the " + what + " certificate request: " + submission.message());
    }
  }

  /**
   * The chain of request {@code requestId} (from {@link SubmittedRequests}), leaf first, ending in
   * the root this build trusts ({@link CaRoot}: pinned in the request or confirmed by a person, never
   * the chain's own say) and checked against it for validity, TLS server use and names.
   */
  static List<X509Certificate> issuedChain(CertsrvPort ca, DelegateExecution execution, BuildSpec spec, long requestId,
      List<String> requiredDnsNames, List<String> requiredIps) {
    Issued issued = ca.fetch(ca(execution, spec), requestId);
    Set<X509Certificate> all = new LinkedHashSet<>(issued.chain());
    all.add(issued.leaf());
    List<X509Certificate> chain = CertificateChains.order(new ArrayList<>(all));
    X509Certificate root = CaRoot.trusted(chain, (String) execution.getVariable(CaRoot.FINGERPRINT));
    CertificateChains.validate(chain, root, Instant.now(), requiredDnsNames, requiredIps);
    return chain;
  }
}
