package dunes.pki.steps;

import dunes.appliance.config.ConfigurationTargets;
import dunes.appliance.config.ExecutionState;
import dunes.appliance.config.Input;
import dunes.appliance.config.Match;
import dunes.appliance.config.VcoConfigPort;
import dunes.appliance.config.WorkflowResult;
import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import dunes.pki.certsrv.CertsrvPort;
import dunes.pki.keys.CertificateChains;
import java.security.cert.X509Certificate;
import java.util.List;
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
    BuildSpec.Node node = BuildVariables.node(execution, spec);
    VcoConfigPort.Target server = ConfigurationTargets.of(execution, spec, node);
    List<X509Certificate> chain = CertificateRequestsAtCa.issuedChain(ca, execution, spec, List.of(), List.of());
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
