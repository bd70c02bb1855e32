package dunes.pki.steps;

import static dunes.pki.steps.ClientCertificates.*;

import dunes.appliance.shell.CommandResult;
import dunes.appliance.shell.NodeShellPort;
import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Undo of the client certificate: the keystore as it was before the build (its backup on the
 * node) back in place, and vco-server restarted to serve it. No backup means the build never
 * touched the keystore; a keystore equal to its backup is already back, so a repeated undo changes nothing.
 */
@Component
public class RestoreKeystoreStep implements JavaDelegate {

  private final NodeShellPort shell;

  public RestoreKeystoreStep(NodeShellPort shell) {
    this.shell = shell;
  }

  @Override
  public void execute(DelegateExecution execution) {
    BuildSpec spec = BuildVariables.spec(execution);
    NodeShellPort.Target node = node(execution, spec);
    if (!shell.exists(node, BACKUP)
        || java.util.Arrays.equals(shell.download(node, KEYSTORE), shell.download(node, BACKUP))) {
      return; // never touched, or already put back (a rejected request restores before the build's undo runs)
    }
    CommandResult copy = shell.run(node, "cp -p " + BACKUP + " " + KEYSTORE);
    if (!copy.succeeded()) {
      throw new IllegalStateException("cannot restore " + KEYSTORE + " on " + node.host() + ": exit " + copy.exitCode()
          + " " + copy.stderr());
    }
    shell.restartService(node);
  }
}
