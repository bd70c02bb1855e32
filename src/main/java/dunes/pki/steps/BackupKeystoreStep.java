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
 * Keeps the node's keystore as it was before the build, on the node (the key material never
 * leaves it for Dunes's side): {@code jssecacerts.backup}, made once — a backup already there is
 * the original and is never overwritten.
 */
@Component
public class BackupKeystoreStep implements JavaDelegate {

  private final NodeShellPort shell;

  public BackupKeystoreStep(NodeShellPort shell) {
    this.shell = shell;
  }

  @Override
  public void execute(DelegateExecution execution) {
    BuildSpec spec = BuildVariables.spec(execution);
    NodeShellPort.Target node = node(execution, spec);
    if (shell.exists(node, BACKUP)) {
      return;
    }
    CommandResult copy = shell.run(node, "cp -p " + KEYSTORE + " " + BACKUP);
    if (!copy.succeeded()) {
      throw new IllegalStateException("cannot back up " + KEYSTORE + " on " + node.host() + ": exit " + copy.exitCode()
          + " " + copy.stderr());
    }
  }
}
