package dunes.lab.ca;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dunes.lab.LabCertificates;
import dunes.lab.LabFaults;
import dunes.lab.LabHttp;
import dunes.lab.LabJournal;
import dunes.lab.LabNames;
import dunes.lab.LabTls;
import dunes.pki.Fingerprints;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x509.GeneralName;

/**
 * The lab's Microsoft CA: a Bouncy Castle CA (root, optionally an issuing intermediate) behind the
 * AD CS web enrollment pages (certsrv) over HTTPS (or, on request, plain HTTP) behind the authentication
 * an IIS offers (Basic by default; {@link Authentication}). It issues, holds
 * pending or denies by {@link Mode}; a pending request is decided through {@link #approve} and
 * {@link #deny} or the {@code /lab/} pages. Its own TLS certificate is issued by itself.
 */
public final class LabCertificateAuthority implements AutoCloseable {

  public static final String DEFAULT_CA_NAME = "Dunes Lab Root CA";
  public static final String DEFAULT_INTERMEDIATE_NAME = "Dunes Lab Issuing CA";

  /**
   * What the CA's IIS offers: {@code BASIC} (the Basic Authentication feature, installed on purpose)
   * and Windows Authentication's providers {@code NEGOTIATE} and {@code NTLM}, which a default AD CS
   * offers alone. The lab verifies only Basic ({@link IisAuthentication}).
   */
  public enum Authentication { NEGOTIATE, NTLM, BASIC }

  public enum Mode {
    /** issues every valid WebServer request at once */
    AUTO_ISSUE,
    /** holds requests until a CA manager approves or denies them */
    PENDING,
    /** denies every request, as a CA whose policy refuses the requester */
    DENY
  }

  /**
   * @param address loopback address to listen on
   * @param port 0 picks a free port
   * @param hostName the name in the CA server's TLS certificate (with {@code address} as IP SAN)
   * @param username the one account Basic authentication accepts (e.g. {@code LAB\enroll})
   * @param caName the common name of the root, which certsrv pages show as the CA's name
   * @param intermediateName the common name of the issuing CA when {@code withIntermediate}
   * @param plainHttp serve certsrv over http instead of https, as an AD CS whose IIS has no https
   *     binding (the role's default): no TLS certificate is presented then
   * @param authentication the methods offered, in the order of the challenges; only Basic logs in
   */
  public record Settings(String address, int port, String hostName, String username, String password, Mode mode,
      boolean withIntermediate, String caName, String intermediateName, boolean plainHttp,
      List<Authentication> authentication) {

    public Settings {
      if (authentication == null || authentication.isEmpty()) {
        throw new IllegalArgumentException("the lab CA's IIS offers at least one authentication method: "
            + java.util.Arrays.toString(Authentication.values()));
      }
      authentication = List.copyOf(authentication);
    }

    public Settings(String address, int port, String hostName, String username, String password, Mode mode,
        boolean withIntermediate, String caName, String intermediateName) {
      this(address, port, hostName, username, password, mode, withIntermediate, caName, intermediateName, false,
          List.of(Authentication.BASIC));
    }

    /** The lab's defaults: ca.lab.local on 127.0.0.20:8443, auto-issue, root only. */
    public static Settings defaults(String username, String password) {
      String host = "ca.lab.local";
      return new Settings(new LabNames("lab.local").address(host), 8443, host, username, password, Mode.AUTO_ISSUE,
          false, DEFAULT_CA_NAME, DEFAULT_INTERMEDIATE_NAME);
    }

    public Settings withAddress(String newAddress, int newPort) {
      return new Settings(newAddress, newPort, hostName, username, password, mode, withIntermediate, caName,
          intermediateName, plainHttp, authentication);
    }

    public Settings withMode(Mode newMode) {
      return new Settings(address, port, hostName, username, password, newMode, withIntermediate, caName,
          intermediateName, plainHttp, authentication);
    }

    public Settings withIntermediate(boolean intermediate) {
      return new Settings(address, port, hostName, username, password, mode, intermediate, caName,
          intermediateName, plainHttp, authentication);
    }

    public Settings withPlainHttp(boolean plain) {
      return new Settings(address, port, hostName, username, password, mode, withIntermediate, caName,
          intermediateName, plain, authentication);
    }

    /** The methods the CA's IIS offers, e.g. {@code NEGOTIATE, NTLM} alone as a default AD CS. */
    public Settings withAuthentication(Authentication... methods) {
      return new Settings(address, port, hostName, username, password, mode, withIntermediate, caName,
          intermediateName, plainHttp, List.of(methods));
    }
  }

  private final Settings settings;
  private final CaHierarchy hierarchy;
  private final CaDatabase database;
  private final X509Certificate tlsCertificate;
  private volatile Mode mode;
  private final HttpServer server;

  /** @param stateDir hierarchy, the server's certificate and the request database; null keeps them in memory */
  private LabCertificateAuthority(Settings settings, LabJournal journal, Path stateDir) {
    this.settings = settings;
    this.mode = settings.mode();
    this.hierarchy = CaHierarchy.durable(stateDir, settings.caName(), settings.intermediateName(),
        settings.withIntermediate());
    this.database = new CaDatabase(hierarchy, journal, () -> this.mode,
        stateDir == null ? null : stateDir.resolve("requests.jsonl"));
    LabCertificates.Issued tls = LabCertificates.durable(stateDir, "server", () -> {
      KeyPair keys = CaHierarchy.newKeys();
      return new LabCertificates.Issued(keys, hierarchy.issue(CaHierarchy.name(settings.hostName()),
          keys.getPublic(), WebServerTemplate.VALIDITY, WebServerTemplate.extensions(false,
              new GeneralName(GeneralName.dNSName, settings.hostName()),
              new GeneralName(GeneralName.iPAddress, settings.address()))));
    });
    this.tlsCertificate = tls.certificate();
    List<X509Certificate> served = new ArrayList<>();
    served.add(tlsCertificate);
    if (settings.withIntermediate()) {
      served.add(hierarchy.issuer()); // a server sends its intermediates; the client holds the root
    }
    this.server = settings.plainHttp() ? LabHttp.http(settings.address(), settings.port())
        : LabHttp.https(settings.address(), settings.port(),
            LabTls.server(tls.keys().getPrivate(), served.toArray(X509Certificate[]::new)));
  }

  public static LabCertificateAuthority start(Settings settings, LabJournal journal, LabFaults faults) {
    return start(settings, journal, faults, null);
  }

  /** A CA whose keys, certificates and request database live in {@code stateDir} (null: in memory). */
  public static LabCertificateAuthority start(Settings settings, LabJournal journal, LabFaults faults,
      Path stateDir) {
    LabCertificateAuthority ca = new LabCertificateAuthority(settings, journal, stateDir);
    CertsrvHandlers certsrv = new CertsrvHandlers(ca.database, ca.hierarchy, settings.caName());
    IisAuthentication auth = new IisAuthentication(settings.authentication(), settings.username(), settings.password());
    ca.route("/certsrv/", "ca:home", faults, auth.protect(certsrv::home));
    ca.route("/certsrv/certfnsh.asp", "ca:certfnsh", faults, auth.protect(certsrv::submit));
    ca.route("/certsrv/certnew.cer", "ca:certnew:cer", faults, auth.protect(certsrv::certificate));
    ca.route("/certsrv/certnew.p7b", "ca:certnew:p7b", faults, auth.protect(certsrv::chain));
    ca.route("/certsrv/certcarc.asp", "ca:certcarc", faults, auth.protect(certsrv::caPage));
    ca.route("/certsrv/certrqxt.asp", "ca:certrqxt", faults, auth.protect(certsrv::advancedRequest));
    ca.route("/lab/", "ca:lab", faults, auth.protect(new LabControlHandler(ca)));
    ca.server.start();
    return ca;
  }

  private void route(String path, String endpoint, LabFaults faults, HttpHandler handler) {
    server.createContext(path, LabHttp.withKnobs(faults, endpoint, exchange -> {
      try {
        handler.handle(exchange);
      } catch (RuntimeException e) { // a lab bug shows as a 500 with its cause, not as a dropped connection
        LabHttp.text(exchange, 500, "lab CA error at " + endpoint + ": " + e);
      }
    }));
  }

  /** {@code https://address:port/certsrv} (http with plainHttp) — by address, since lab names do not resolve in DNS. */
  public URI url() {
    return URI.create((settings.plainHttp() ? "http" : "https") + "://" + settings.address() + ":"
        + server.getAddress().getPort() + "/certsrv");
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String hostName() {
    return settings.hostName();
  }

  public X509Certificate rootCertificate() {
    return hierarchy.root();
  }

  /** The issuing CA's chain, issuer first, root last. */
  public List<X509Certificate> chain() {
    return hierarchy.caChain();
  }

  public X509Certificate tlsCertificate() {
    return tlsCertificate;
  }

  /** SHA-256 of the certificate this CA's HTTPS server presents, colon form. */
  public String tlsFingerprint() {
    return Fingerprints.sha256(tlsCertificate);
  }

  public Mode mode() {
    return mode;
  }

  /** Applies to requests submitted from now on; pending requests stay pending. */
  public void setMode(Mode newMode) {
    this.mode = newMode;
  }

  /**
   * Issues a pending request, as a CA manager would.
   *
   * @throws IllegalArgumentException no such request
   * @throws IllegalStateException the request is not pending
   */
  public CertificateRequest approve(int requestId) {
    return database.approve(requestId);
  }

  /** Denies a pending request; {@code message} becomes its disposition message. */
  public CertificateRequest deny(int requestId, String message) {
    return database.deny(requestId, message);
  }

  public Optional<CertificateRequest> request(int requestId) {
    return database.find(requestId);
  }

  public List<CertificateRequest> requests() {
    return database.all();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
