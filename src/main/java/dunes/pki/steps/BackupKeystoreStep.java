package dunes.pki.steps;

import static dunes.pki.steps.ClientCertificates.*;

import dunes.appliance.shell.CommandResult;
import dunes.appliance.shell.NodeShellPort;
import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import java.util.Arrays;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Keeps the node's keystore as it was before the build, on the node: {@code jssecacerts.backup},
 * made once — a backup already there is the original and is never overwritten. It is copied under
 * a temporary name ({@code cp -p}, keeping the keystore's owner and mode), compared with the
 * keystore, and only then renamed to its final name, so a crash mid-copy never leaves a partial
 * file that a retry would take for the original.
 */
@Component
public class BackupKeystoreStep implements JavaDelegate {

  static final String TEMPORARY = BACKUP + ".dunes-tmp";

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
    CommandResult copy = shell.run(node, "cp -p " + KEYSTORE + " " + TEMPORARY);
    if (!copy.succeeded()) {
      throw new IllegalStateException("cannot back up " + KEYSTORE + " on " + node.host() + ": exit " + copy.exitCode()
          + " " + copy.stderr());
    }
    if (!Arrays.equals(shell.download(node, TEMPORARY), shell.download(node, KEYSTORE))) {
      throw new IllegalStateException("the copy " + TEMPORARY + " on " + node.host() + " differs from " + KEYSTORE
          + " (disk full?): not taken as the backup");
    }
    shell.move(node, TEMPORARY, BACKUP);
  }
}
