package dunes.pki.steps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dunes.appliance.shell.NodeShellPort;
import dunes.appliance.shell.ServiceState;
import dunes.appliance.shell.ShellTargets;
import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import dunes.build.Verification;
import dunes.edge.LoadBalancedPorts;
import dunes.pki.Fingerprints;
import dunes.pki.certsrv.CertsrvPort;
import dunes.pki.keys.CertificateChains;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.DnsResolver;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The field guide's test "navigate to https://vcvco.domain.local:8281/vco and verify that the
 * certificate matches", done as a client would: by the virtual name, trusting only the build's CA
 * root ({@link CaRoot}: the issued chain must end in it),
 * with the name checked. Also 8286 and 8287 must accept connections through the virtual IP, and
 * every node must be RUNNING. The result goes into the build's history and its completion report.
 */
@Component
public class VerifyThroughVirtualIpStep implements JavaDelegate {

  public static final String VERIFICATION = "verification";

  private final CertsrvPort ca;
  private final SubmittedRequests requests;
  private final NodeShellPort shell;
  private final ObjectMapper json;
  private final DnsResolver dns;

  public VerifyThroughVirtualIpStep(CertsrvPort ca, SubmittedRequests requests, NodeShellPort shell, ObjectMapper json,
      ObjectProvider<DnsResolver> dns) {
    this.ca = ca;
    this.requests = requests;
    this.shell = shell;
    this.json = json;
    this.dns = dns.getIfAvailable();
  }

  @Override
  public void execute(DelegateExecution execution) throws JsonProcessingException {
    BuildSpec spec = BuildVariables.spec(execution);
    dunes.pki.keys.SubjectAlternativeNames names = ClientCertificates.names(spec);
    List<String> dnsNames = names.dnsNames();
    List<String> ips = names.ipAddresses();
    List<X509Certificate> issued = CertificateRequestsAtCa.issuedChain(ca, execution, spec,
        requests.ofCalledStage(execution, ClientCertificates.STAGE_PROCESS_KEY, CertificateKind.CLIENT_SSL), dnsNames, ips);
    X509Certificate root = issued.get(issued.size() - 1);

    VirtualIpProbe probe = new VirtualIpProbe(dns, root);
    int serverPort = spec.appliance().serverPort();
    VirtualIpProbe.Answer answer = probe.get(spec.cluster().fqdn(), serverPort, "/vco");
    List<X509Certificate> presented = answer.chain();
    CertificateChains.validate(presented, root, Instant.now(), dnsNames, ips);
    if (!presented.get(0).equals(issued.get(0))) {
      throw new IllegalStateException("https://" + spec.cluster().fqdn() + ":" + serverPort + " presents "
          + Fingerprints.sha256(presented.get(0)) + ", not the certificate the CA issued for this build "
          + Fingerprints.sha256(issued.get(0)) + ": is every pool member a node of this cluster?");
    }
    if (answer.status() != 200) {
      throw new IllegalStateException("https://" + spec.cluster().fqdn() + ":" + serverPort + "/vco answered "
          + answer.status() + " through the virtual IP, expected 200");
    }
    Map<Integer, Boolean> ports = new LinkedHashMap<>();
    for (int port : LoadBalancedPorts.TCP_PORTS) {
      probe.connect(spec.cluster().fqdn(), port); // throws naming the port when nothing forwards it
      ports.put(port, true);
    }
    Map<String, String> states = nodeStates(execution, spec);
    Verification verification = new Verification(presented.get(0).getSubjectX500Principal().getName(),
        Fingerprints.sha256(presented.get(0)), CertificateChains.subjectAlternativeNames(presented.get(0)),
        answer.status(), ports, states, Instant.now());
    execution.setVariable(VERIFICATION, json.writeValueAsString(verification));
    List<String> notRunning = states.entrySet().stream()
        .filter(e -> !e.getValue().equals(ServiceState.RUNNING.name())).map(e -> e.getKey() + " " + e.getValue()).toList();
    if (!notRunning.isEmpty()) {
      throw new IllegalStateException("through the virtual IP all is well, but not every node is RUNNING: "
          + notRunning + " (a STANDBY node means fewer active nodes are configured than nodes)");
    }
  }

  private Map<String, String> nodeStates(DelegateExecution execution, BuildSpec spec) {
    Map<String, String> states = new LinkedHashMap<>();
    for (BuildSpec.Node node : spec.nodes()) {
      NodeShellPort.Target target = ShellTargets.of(execution, spec, node);
      states.put(node.name(), shell.serviceStatus(target).name());
    }
    return states;
  }
}
