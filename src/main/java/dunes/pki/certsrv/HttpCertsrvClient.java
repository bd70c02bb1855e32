package dunes.pki.certsrv;

import dunes.pki.certsrv.CertsrvDownloads.UnreadableException;
import dunes.pki.certsrv.CertsrvSession.Answer;
import dunes.secrets.Destination;
import dunes.secrets.Purpose;
import dunes.secrets.SecretStore;
import java.security.cert.X509Certificate;
import java.util.List;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.core5.http.NameValuePair;
import org.apache.hc.core5.http.message.BasicNameValuePair;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CertsrvPort} with HttpClient 5: over TLS pinned to the CA's web server certificate (or plain
 * HTTP a person accepted), logging in with the target's method (Basic, NTLM or Negotiate,
 * {@link CertsrvLogin}), one session per call. The pages' strings are read in
 * {@link CertsrvAnswers}, the downloads in {@link CertsrvDownloads}.
 */
public class HttpCertsrvClient implements CertsrvPort {

  private static final Logger LOG = LoggerFactory.getLogger(HttpCertsrvClient.class);
  static final String SUBMIT = "certfnsh.asp";
  /** the advanced request page, whose template list public certsrv clients read */
  static final String TEMPLATES = "certrqxt.asp";
  /** the CA certificate page, whose nRenewals addresses the current CA key */
  static final String CA_PAGE = "certcarc.asp";

  private final CertsrvProperties properties;
  private final SecretStore secrets;
  private final DnsResolver dns;
  private final PlainHttpAcceptances acceptances;

  /** @param dns resolves the CA's name (RequestDns: the request's DNS servers); {@code null} for the system's DNS */
  public HttpCertsrvClient(CertsrvProperties properties, SecretStore secrets, DnsResolver dns) {
    this(properties, secrets, dns, null);
  }

  /** @param acceptances who accepted plain HTTP for which build; null: every http target is refused */
  public HttpCertsrvClient(CertsrvProperties properties, SecretStore secrets, DnsResolver dns,
      PlainHttpAcceptances acceptances) {
    this.properties = properties;
    this.secrets = secrets;
    this.dns = dns;
    this.acceptances = acceptances;
  }

  @Override
  public Submission submit(Target target, String csrPem) {
    if (csrPem == null || csrPem.isBlank()) {
      throw new IllegalArgumentException("submitting to " + target + " needs a CSR");
    }
    if (csrPem.contains("PRIVATE KEY")) {
      throw new IllegalArgumentException("refusing to send a private key to " + target + ": pass the CSR only");
    }
    List<NameValuePair> form = List.of(
        new BasicNameValuePair("Mode", "newreq"),
        new BasicNameValuePair("CertRequest", csrPem),
        new BasicNameValuePair("CertAttrib", "CertificateTemplate:" + target.template() + "\r\n"),
        new BasicNameValuePair("FriendlyType", "Saved-Request Certificate"),
        new BasicNameValuePair("TargetStoreFlags", "0"),
        new BasicNameValuePair("SaveCert", "yes"));
    try (CertsrvSession session = open(target)) {
      Answer answer = session.post(SUBMIT, form);
      Submission submission = CertsrvAnswers.submission(answer.text(), session.where("POST", SUBMIT),
          session::excerpt);
      LOG.info("certsrv at {}: template {} {}", target, target.template(), submission);
      return submission;
    }
  }

  @Override
  public Status status(Target target, long requestId) {
    requirePositive(target, requestId);
    String page = "certnew.cer?ReqID=" + requestId + "&Enc=bin";
    try (CertsrvSession session = open(target)) {
      Answer answer = session.get(page);
      Status status;
      if (answer.isHtml()) {
        status = CertsrvAnswers.status(requestId, answer.text(), session.where("GET", page), session::excerpt);
      } else {
        certificate(session, page, answer); // a certificate it must be, not just any bytes
        status = new Status(requestId, Disposition.ISSUED, "");
      }
      LOG.debug("certsrv at {}: {}", target, status);
      return status;
    }
  }

  @Override
  public Issued fetch(Target target, long requestId) {
    requirePositive(target, requestId);
    String chainPage = "certnew.p7b?ReqID=" + requestId + "&Enc=b64";
    String leafPage = "certnew.cer?ReqID=" + requestId + "&Enc=bin";
    try (CertsrvSession session = open(target)) {
      Answer p7b = session.get(chainPage);
      requireIssued(session, requestId, chainPage, p7b);
      List<X509Certificate> chain;
      try {
        chain = CertsrvDownloads.pkcs7(p7b.body());
      } catch (UnreadableException e) {
        throw new CertsrvProtocolException(session.where("GET", chainPage) + " answered " + e.getMessage()
            + ", expected a base64 PKCS#7 (application/x-pkcs7-certificates) with the certificate and its CA chain", e);
      }
      Answer cer = session.get(leafPage);
      requireIssued(session, requestId, leafPage, cer);
      X509Certificate leaf = certificate(session, leafPage, cer);
      if (!chain.contains(leaf)) {
        throw new CertsrvProtocolException(session.where("GET", chainPage) + " answered a PKCS#7 of "
            + chain.stream().map(c -> c.getSubjectX500Principal().getName()).toList()
            + " without the certificate of request " + requestId + " (" + leaf.getSubjectX500Principal().getName()
            + "), expected the certificate with its CA chain");
      }
      LOG.info("certsrv at {}: fetched request {}, {} serial {} with a chain of {}", target, requestId,
          leaf.getSubjectX500Principal().getName(), leaf.getSerialNumber().toString(16), chain.size());
      return new Issued(leaf, chain);
    }
  }

  /** A page where a download should be: the request holds no certificate (or this is no certsrv). */
  private static void requireIssued(CertsrvSession session, long requestId, String page, Answer answer) {
    if (!answer.isHtml()) {
      return;
    }
    String where = session.where("GET", page);
    Status status = CertsrvAnswers.status(requestId, answer.text(), where, session::excerpt);
    throw new CertsrvProtocolException(where + " holds no certificate for request " + requestId + ", it is "
        + status.disposition() + " (\"" + status.message() + "\"); expected an issued request: fetch after status "
        + "says ISSUED");
  }

  private static X509Certificate certificate(CertsrvSession session, String page, Answer answer) {
    try {
      return CertsrvDownloads.certificate(answer.body());
    } catch (UnreadableException e) {
      throw new CertsrvProtocolException(session.where("GET", page) + " answered " + e.getMessage() + ", expected "
          + CertsrvAnswers.DOWNLOAD_EXPECTED + ": " + session.excerpt(answer.text()), e);
    }
  }

  private static void requirePositive(Target target, long requestId) {
    if (requestId <= 0) {
      throw new IllegalArgumentException("a certsrv request id is a positive number, not " + requestId + " (" + target
          + ")");
    }
  }

  @Override
  public List<String> templates(Target target) {
    try (CertsrvSession session = open(target)) {
      Answer answer = session.get(TEMPLATES);
      List<String> templates = CertsrvAnswers.templates(answer.text());
      LOG.debug("certsrv at {}: offers templates {}", target, templates);
      return templates;
    }
  }

  @Override
  public List<X509Certificate> caChain(Target target) {
    try (CertsrvSession session = open(target)) {
      int renewals = CertsrvAnswers.renewals(session.get(CA_PAGE).text(), session.where("GET", CA_PAGE),
          session::excerpt);
      String page = "certnew.p7b?ReqID=CACert&Renewal=" + renewals + "&Enc=b64"; // the page's own chain link
      Answer answer = session.get(page);
      try {
        List<X509Certificate> chain = CertsrvDownloads.pkcs7(answer.body());
        LOG.debug("certsrv at {}: the CA's chain {}", target,
            chain.stream().map(c -> c.getSubjectX500Principal().getName()).toList());
        return chain;
      } catch (UnreadableException e) {
        throw new CertsrvProtocolException(session.where("GET", page) + " answered " + e.getMessage()
            + ", expected a base64 PKCS#7 with the CA's certificate chain: " + session.excerpt(answer.text()), e);
      }
    }
  }

  private CertsrvSession open(Target target) {
    if (target.plainHttp()) {
      PlainHttpAcceptances.Acceptance acceptance = (acceptances == null ? java.util.Optional.<PlainHttpAcceptances.Acceptance>empty()
          : acceptances.find(target.build(), target.baseUrl())).orElseThrow(() -> new CertsrvPlainHttpRefusedException(
              "certsrv at " + target + ": build " + target.build() + " may use plain HTTP (ca.allowPlainHttp), but no "
                  + "person has accepted it, so nothing was sent; complete 'Accept plain HTTP to the CA' in Tasklist, or "
                  + "give ca.url with https"));
      LOG.warn("certsrv at {}: plain HTTP, the {} login exchange, the CSRs and the answers in clear, as {} accepted at "
          + "{} for build {}", target, target.authentication().scheme(), acceptance.acceptedBy(),
          acceptance.acceptedAt(), target.build());
    }
    // resolved now, for this call only: the value never lands in a field, a log or a variable
    return CertsrvSession.open(target, secrets.resolveFor(target.password(), Destination.to(Purpose.CA_ENROLMENT,
        target.baseUrl().getHost(), Destination.port(target.baseUrl()))), properties, dns);
  }
}
