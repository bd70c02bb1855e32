package dunes.pki.steps;

import static dunes.pki.steps.ClientCertificates.*;

import dunes.appliance.config.ExecutionState;
import dunes.appliance.config.Input;
import dunes.appliance.config.Match;
import dunes.appliance.config.VcoConfigPort;
import dunes.appliance.config.WorkflowResult;
import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import dunes.pki.certsrv.CertsrvPort;
import dunes.pki.certsrv.Issued;
import dunes.pki.keys.CertificateChains;
import dunes.secrets.SecretRef;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * The field guide's package-signing steps after the CA: the root and any intermediates imported
 * as known certificates, then the signed chain as the package-signing certificate. Each import
 * converges on vCO's execution history (done with the same input: not run again); one still
 * running leaves {@code packageSigningImported} false for the loop's next turn.
 */
@Component
public class ImportPackageSigningChainStep implements JavaDelegate {

  static final String IMPORTED = "packageSigningImported";

  private final VcoConfigPort vco;
  private final CertsrvPort ca;

  public ImportPackageSigningChainStep(VcoConfigPort vco, CertsrvPort ca) {
    this.vco = vco;
    this.ca = ca;
  }

  @Override
  public void execute(DelegateExecution execution) {
    BuildSpec spec = BuildVariables.spec(execution);
    BuildSpec.Node node = spec.node((String) execution.getVariable("nodeName"));
    VcoConfigPort.Target server = new VcoConfigPort.Target(node.ip(), spec.appliance().serverPort(),
        (String) execution.getVariable("serverFingerprint"), new SecretRef(spec.appliance().configPasswordRef()));
    Issued issued = ca.fetch(ca(execution, spec), ((Number) execution.getVariable(REQUEST_ID)).longValue());
    Set<X509Certificate> all = new LinkedHashSet<>(issued.chain());
    all.add(issued.leaf());
    List<X509Certificate> chain = CertificateChains.order(new ArrayList<>(all));
    CertificateChains.validate(chain, chain.get(chain.size() - 1), java.time.Instant.now(), List.of(), List.of());
    boolean done = true;
    for (X509Certificate authority : chain.subList(1, chain.size())) { // root and intermediates: known certificates
      done &= ended(server, vco.converge(server, "Import trusted certificate",
          List.of(Input.string("pem", CertificateChains.pem(authority))), Match.ANY_COMPLETED));
    }
    if (done) {
      done = ended(server, vco.converge(server, "Import package signing certificate",
          List.of(Input.string("pem", CertificateChains.pem(chain))), Match.NEWEST_COMPLETED));
    }
    execution.setVariable(IMPORTED, done);
  }

  private boolean ended(VcoConfigPort.Target server, WorkflowResult result) {
    if (!result.mustPoll()) {
      return true;
    }
    ExecutionState state = vco.state(server, result.executionHref()).requireSucceeded();
    return state.ended();
  }
}
