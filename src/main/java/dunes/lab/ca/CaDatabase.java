package dunes.lab.ca;

import com.fasterxml.jackson.databind.ObjectMapper;
import dunes.lab.LabCertificates;
import dunes.lab.LabJournal;
import dunes.lab.LabState;
import java.nio.file.Path;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import dunes.lab.ca.CertificateRequest.Status;
import java.io.IOException;
import java.io.StringReader;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The CA's request database and policy: every well-formed submission gets the next request id,
 * then is issued, held pending or denied by the template and the CA's mode. Re-submitting the same
 * CSR makes a new request, as AD CS does. Kept in a log of rows under the CA's state directory
 * when the lab is durable, in memory otherwise.
 */
final class CaDatabase {

  private static final JcaPEMKeyConverter KEYS = new JcaPEMKeyConverter();
  private static final ObjectMapper JSON = new ObjectMapper();

  static final String SYSTEM = "ca";
  static final String PENDING_DISPOSITION = "Taken Under Submission";
  static final String POLICY_DENIAL = "Denied by Policy Module";

  /** A request that is no PKCS#10 at all: AD CS answers an error page and stores no row. */
  static final class MalformedRequestException extends RuntimeException {
    MalformedRequestException(String message) {
      super(message);
    }
  }

  private final CaHierarchy hierarchy;
  private final LabJournal journal;
  private final Supplier<LabCertificateAuthority.Mode> mode;
  private final Map<Integer, CertificateRequest> requests = new ConcurrentHashMap<>();
  private final Map<Integer, PKCS10CertificationRequest> pendingCsrs = new ConcurrentHashMap<>();
  private int lastId;

  /** null: in memory */
  private final Path log;

  CaDatabase(CaHierarchy hierarchy, LabJournal journal, Supplier<LabCertificateAuthority.Mode> mode) {
    this(hierarchy, journal, mode, null);
  }

  /**
   * @param log the database as a log of rows (one JSON object a line, the last row of an id wins),
   *     read back at start; null keeps it in memory
   */
  CaDatabase(CaHierarchy hierarchy, LabJournal journal, Supplier<LabCertificateAuthority.Mode> mode, Path log) {
    this.hierarchy = hierarchy;
    this.journal = journal;
    this.mode = mode;
    this.log = log;
    if (log != null) {
      LabState.lines(log).forEach(this::restore);
    }
  }

  /** One row as kept: the CSR only while the request is pending, the certificate once issued. */
  record Row(int id, String subject, String template, Status status, String disposition, String certificate,
      String csr) {}

  private void restore(String line) {
    try {
      Row row = JSON.readValue(line, Row.class);
      X509Certificate certificate = row.certificate() == null ? null
          : new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) pemObject(row.certificate()));
      requests.put(row.id(), new CertificateRequest(row.id(), row.subject(), row.template(), row.status(),
          row.disposition(), certificate));
      if (row.status() == Status.PENDING && row.csr() != null) {
        pendingCsrs.put(row.id(), fromPem(row.csr()));
      } else {
        pendingCsrs.remove(row.id());
      }
      lastId = Math.max(lastId, row.id());
    } catch (IOException | java.security.cert.CertificateException | ClassCastException e) {
      throw new IllegalStateException("the lab CA's request database " + log + " has an unreadable row: "
          + e.getMessage(), e);
    }
  }

  /** The row into the database (and its log) before the answer that tells of it. */
  private void keep(CertificateRequest request, PKCS10CertificationRequest csr) {
    if (log != null) {
      try {
        LabState.append(log, JSON.writeValueAsString(new Row(request.id(), request.subject(), request.template(),
            request.status(), request.disposition(), request.issued().map(LabCertificates::pem).orElse(null),
            csr == null ? null : LabCertificates.pem(csr))));
      } catch (IOException e) {
        throw new IllegalStateException("cannot keep request " + request.id() + " of the lab CA", e);
      }
    }
    requests.put(request.id(), request);
  }

  private static Object pemObject(String text) throws IOException {
    try (PEMParser parser = new PEMParser(new StringReader(text))) {
      return parser.readObject();
    }
  }

  /**
   * @param csrText the CertRequest field: PEM, or bare base64 as certsrv also accepts
   * @param template the CertificateTemplate attribute, null when the request named none
   */
  synchronized CertificateRequest submit(String csrText, String template) {
    PKCS10CertificationRequest csr = parse(csrText);
    int id = ++lastId;
    String subject = rfc2253(csr);
    journal.record(SYSTEM, String.valueOf(id), "submit", "subject=" + subject + ", template=" + template);
    CertificateRequest request = new CertificateRequest(id, subject, template, Status.PENDING, PENDING_DISPOSITION, null);
    if (template == null || template.isBlank()) {
      return deny(request, POLICY_DENIAL + "  0x80094801, The request contains no certificate template information.");
    }
    if (!WebServerTemplate.NAME.equalsIgnoreCase(template)) {
      return deny(request, POLICY_DENIAL + "  0x80094800, The request was for a certificate template that is not"
          + " supported by the Active Directory Certificate Services policy: " + template + ".");
    }
    if (csr.getSubject().getRDNs().length == 0 && WebServerTemplate.requestedNames(csr).length == 0) {
      return deny(request, POLICY_DENIAL + "  0x80094001, The request subject name is invalid or too long.");
    }
    return switch (mode.get()) {
      case AUTO_ISSUE -> issue(request, csr);
      case DENY -> deny(request, POLICY_DENIAL);
      case PENDING -> {
        keep(request, csr);
        pendingCsrs.put(id, csr);
        journal.record(SYSTEM, String.valueOf(id), "pend", "subject=" + subject);
        yield request;
      }
    };
  }

  synchronized CertificateRequest approve(int id) {
    CertificateRequest request = pending(id);
    journal.record(SYSTEM, String.valueOf(id), "approve", "subject=" + request.subject());
    return issue(request, pendingCsrs.remove(id));
  }

  synchronized CertificateRequest deny(int id, String message) {
    CertificateRequest request = pending(id);
    pendingCsrs.remove(id);
    return deny(request, message);
  }

  Optional<CertificateRequest> find(int id) {
    return Optional.ofNullable(requests.get(id));
  }

  List<CertificateRequest> all() {
    return requests.values().stream().sorted((a, b) -> Integer.compare(a.id(), b.id())).toList();
  }

  private CertificateRequest pending(int id) {
    CertificateRequest request = requests.get(id);
    if (request == null) {
      throw new IllegalArgumentException("the lab CA has no request " + id);
    }
    if (request.status() != Status.PENDING) {
      throw new IllegalStateException("request " + id + " is " + request.status() + ", not pending");
    }
    return request;
  }

  private CertificateRequest issue(CertificateRequest request, PKCS10CertificationRequest csr) {
    try {
      X509Certificate certificate = hierarchy.issue(csr.getSubject(),
          KEYS.getPublicKey(csr.getSubjectPublicKeyInfo()),
          WebServerTemplate.VALIDITY, WebServerTemplate.extensions(csr));
      CertificateRequest issued = request.decided(Status.ISSUED, "Issued", certificate);
      keep(issued, null);
      journal.record(SYSTEM, String.valueOf(issued.id()), "issue",
          "subject=" + issued.subject() + ", serial=" + certificate.getSerialNumber().toString(16));
      return issued;
    } catch (org.bouncycastle.openssl.PEMException e) {
      throw new IllegalStateException("cannot read the public key of request " + request.id(), e);
    }
  }

  private CertificateRequest deny(CertificateRequest request, String message) {
    CertificateRequest denied = request.decided(Status.DENIED, message, null);
    keep(denied, null);
    journal.record(SYSTEM, String.valueOf(denied.id()), "deny", message);
    return denied;
  }

  private static PKCS10CertificationRequest parse(String text) {
    if (text == null || text.isBlank()) {
      throw new MalformedRequestException("No certificate request was supplied.");
    }
    PKCS10CertificationRequest csr;
    boolean signed;
    try {
      csr = text.contains("-----BEGIN") ? fromPem(text)
          : new PKCS10CertificationRequest(Base64.getMimeDecoder().decode(text.trim()));
      // the key through its algorithm name: the JDK finds no KeyFactory for an EC key by OID alone
      signed = csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(
          KEYS.getPublicKey(csr.getSubjectPublicKeyInfo())));
    } catch (IOException | OperatorCreationException | PKCSException | RuntimeException e) {
      // Bouncy Castle reports bad ASN.1 through several runtime exception types
      throw new MalformedRequestException("Error Parsing Request: " + e.getMessage());
    }
    if (!signed) {
      throw new MalformedRequestException("Error Parsing Request: the request's signature does not verify.");
    }
    return csr;
  }

  /** The subject as Windows and the JDK print it, most specific name first. */
  private static String rfc2253(PKCS10CertificationRequest csr) {
    try {
      return new X500Principal(csr.getSubject().getEncoded()).getName(X500Principal.RFC2253);
    } catch (IOException | IllegalArgumentException e) {
      return csr.getSubject().toString();
    }
  }

  private static PKCS10CertificationRequest fromPem(String text) throws IOException {
    try (PEMParser parser = new PEMParser(new StringReader(text))) {
      Object object = parser.readObject();
      if (object instanceof PKCS10CertificationRequest csr) {
        return csr;
      }
      throw new IOException("the PEM block holds no certificate request");
    }
  }
}
