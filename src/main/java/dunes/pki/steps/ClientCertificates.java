package dunes.pki.steps;

import dunes.appliance.shell.NodeShellPort;
import dunes.appliance.shell.ShellTargets;
import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import dunes.pki.certsrv.CertsrvAuthentication;
import dunes.pki.certsrv.CertsrvPort;
import dunes.pki.keys.SubjectAlternativeNames;
import dunes.pki.keys.SubjectName;
import dunes.secrets.SecretRef;
import java.net.URI;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.VariableScope;

/**
 * What the client SSL certificate steps share: the node's keystore (PROTOCOLS.md 1c), the pending
 * alias the new key waits under until the CA answers, the certificate's names, and where the node
 * and the CA are reached.
 */
public final class ClientCertificates {

  static final String KEYSTORE = "/etc/vco/app-server/security/jssecacerts";
  static final String BACKUP = KEYSTORE + ".backup";
  static final char[] STORE_PASSWORD = "dunesdunes".toCharArray();
  static final String ALIAS = "dunes";
  static final String PENDING_ALIAS = "dunes-pending";
  /** The stage that requests, has approved and installs both certificates of a build. */
  static final String STAGE_PROCESS_KEY = "Certificates";
  /** The CA's id of the submitted request, shown on the approval form; steps read {@link SubmittedRequests}. */
  static final String REQUEST_ID = "certificateRequestId";
  static final String DISPOSITION = "certificateDisposition";
  static final String CA_FINGERPRINT = "caFingerprint";

  private ClientCertificates() {}

  /** CN = the load-balanced name, as the field guide has it; O, OU, C from the request. */
  public static SubjectName subject(BuildSpec spec) {
    BuildSpec.Certificate c = spec.certificate();
    return new SubjectName(spec.cluster().fqdn(), c.organization(), c.organizationalUnit(), c.country());
  }

  /** The virtual name and every node's name and address, as the field guide's comment thread asks. */
  public static SubjectAlternativeNames names(BuildSpec spec) {
    return SubjectAlternativeNames.forCluster(spec.cluster().fqdn(),
        spec.nodes().stream().map(BuildSpec.Node::fqdn).toList(),
        java.util.stream.Stream.concat(java.util.stream.Stream.of(spec.cluster().virtualIp()),
            spec.nodes().stream().map(BuildSpec.Node::ip)).toList());
  }

  static NodeShellPort.Target node(VariableScope execution, BuildSpec spec) {
    return ShellTargets.of(execution, spec, BuildVariables.node(execution, spec));
  }

  /**
   * The request's CA: https pinned to the fingerprint ConfirmCertificate recorded; plain http (no
   * fingerprint) naming this build, whose recorded acceptance the certsrv client checks itself.
   */
  static CertsrvPort.Target ca(DelegateExecution execution, BuildSpec spec) {
    BuildSpec.CertificateAuthority ca = spec.ca();
    URI url = URI.create(ca.url());
    CertsrvAuthentication method = CertsrvAuthentication.of(ca.authentication()).orElseThrow();
    if ("http".equalsIgnoreCase(url.getScheme())) {
      return CertsrvPort.Target.http(url, ca.username(), new SecretRef(ca.passwordRef()), ca.template(),
          execution.getProcessBusinessKey(), method);
    }
    return CertsrvPort.Target.https(url, (String) execution.getVariable(CA_FINGERPRINT), ca.username(),
        new SecretRef(ca.passwordRef()), ca.template(), method);
  }
}
