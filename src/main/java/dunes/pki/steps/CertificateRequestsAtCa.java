package dunes.pki.steps;

import static dunes.pki.steps.ClientCertificates.*;

import dunes.build.BuildSpec;
import dunes.pki.certsrv.CertsrvPort;
import dunes.pki.certsrv.Disposition;
import dunes.pki.certsrv.Issued;
import dunes.pki.certsrv.Status;
import dunes.pki.certsrv.Submission;
import dunes.pki.keys.CertificateChains;
import dunes.pki.keys.CertificateRequests;
import dunes.pki.keys.CsrSummary;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;

/** What both certificate stages do at the CA: submit a CSR once, and take the issued chain back checked. */
final class CertificateRequestsAtCa {

  /** A CSR may or may not have reached the CA: caught by Task_SubmitRequest's Event_SubmissionUnknown. */
  static final String ERROR_SUBMISSION_UNKNOWN = "CertificateSubmissionUnknown";
  /** SHA-256 of the submitted CSR's public key, what an issued certificate of the request carries. */
  static final String KEY_SHA256 = "certificateKeySha256";
  /** When the CSR was submitted (ISO-8601), for whoever looks for it at the CA. */
  static final String SUBMITTED_AT = "certificateSubmittedAt";

  private CertificateRequestsAtCa() {}

  /**
   * Submits {@code csr} exactly once for this stage instance. Before the CSR leaves Dunes a
   * {@link SubmissionMarkers marker} commits on its own; the CA's request id commits on its own as
   * soon as the CA answers ({@link SubmittedRequests}). A retry that finds the id asks the CA where
   * that request stands; one that finds only the marker cannot know whether the CA got the CSR
   * (certsrv offers no search by CSR or key) and throws {@link #ERROR_SUBMISSION_UNKNOWN} for a
   * person to settle. Sets what the approval form shows; a denial is a BPMN error with the CA's text.
   *
   * @param kind which certificate: named in messages and the marker, recorded with the request id
   */
  static void submitOnce(CertsrvPort ca, SubmittedRequests requests, SubmissionMarkers markers,
      DelegateExecution execution, BuildSpec spec, Supplier<String> csr, CertificateKind kind, String subjectAltNames) {
    String what = kind.what();
    String stage = execution.getProcessInstanceId();
    OptionalLong recorded = requests.find(stage);
    Optional<SubmissionMarkers.Marker> marker = markers.find(stage);
    if (recorded.isPresent()) { // submitted before: what that attempt set may have rolled back with it
      marker.ifPresent(m -> show(execution, m));
      Status now = ca.status(ca(execution, spec), recorded.getAsLong());
      answered(execution, spec, what, recorded.getAsLong(), now.disposition(), now.message());
      return;
    }
    if (marker.isPresent()) {
      show(execution, marker.get());
      throw new BpmnError(ERROR_SUBMISSION_UNKNOWN, "the " + what + " CSR (key SHA-256 "
          + marker.get().publicKeySha256() + ") was being submitted to " + marker.get().caUrl() + " at "
          + marker.get().submittedAt() + " when Dunes lost the CA's answer; a person must look for it at the CA");
    }
    String pem = csr.get();
    CsrSummary summary = CertificateRequests.summarize(pem); // what the approver sees is what the CA received
    SubmissionMarkers.Marker submitting = new SubmissionMarkers.Marker(stage, execution.getProcessBusinessKey(), what,
        summary.subject(), subjectAltNames, summary.keyBits(), CertificateRequests.publicKeySha256(pem),
        spec.ca().url(), Instant.now());
    markers.commit(submitting);
    Submission submission = ca.submit(ca(execution, spec), pem);
    submission.requestId().ifPresent(id -> requests.commit(execution, kind, id));
    show(execution, submitting);
    answered(execution, spec, what, submission.requestId().orElse(-1), submission.disposition(), submission.message());
  }

  /** What the approval form (and the form that looks for a lost request) shows about the CSR. */
  private static void show(DelegateExecution execution, SubmissionMarkers.Marker marker) {
    execution.setVariable("certificateSubject", marker.subject());
    execution.setVariable("certificateSubjectAltNames", marker.subjectAltNames());
    execution.setVariable("certificateKeySize", marker.keyBits());
    execution.setVariable("certificateAuthority", marker.caUrl());
    execution.setVariable(KEY_SHA256, marker.publicKeySha256());
    execution.setVariable(SUBMITTED_AT, marker.submittedAt().toString());
  }

  private static void answered(DelegateExecution execution, BuildSpec spec, String what, long requestId,
      Disposition disposition, String message) {
    if (requestId >= 0) {
      execution.setVariable(REQUEST_ID, requestId); // shown on the approval form
    }
    execution.setVariable(DISPOSITION, disposition.name());
    if (disposition == Disposition.DENIED) {
      throw new BpmnError(SubmitCertificateRequestStep.ERROR_DENIED, "the CA at " + spec.ca().url()
          + " denied the " + what + " certificate request: " + message);
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
