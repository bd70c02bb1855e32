package dunes.database;

import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * The field guide's "Configure database settings (MSSQL)": {@code ALLOW_SNAPSHOT_ISOLATION} and
 * {@code READ_COMMITTED_SNAPSHOT} ON for the vCO database, verified by query, nothing altered when
 * already ON. Writes the resulting states and what was changed.
 *
 * <p>A refused login, a missing database or a request that names no usable database are BPMN
 * errors (retrying cannot help); network faults, timeouts and a state still changing are thrown,
 * so the job is retried and then becomes an incident.
 */
@Component
public class PrepareDatabaseStep implements JavaDelegate {

  public static final String DATABASE_SNAPSHOT_ISOLATION = "databaseSnapshotIsolation";
  public static final String DATABASE_READ_COMMITTED_SNAPSHOT = "databaseReadCommittedSnapshot";
  public static final String DATABASE_CHANGES = "databaseChanges";
  public static final String ERROR_LOGIN_REFUSED = "DatabaseLoginRefused";
  public static final String ERROR_NOT_FOUND = "DatabaseNotFound";
  public static final String ERROR_REQUEST_INVALID = "DatabaseRequestInvalid";

  private final DatabasePort database;

  public PrepareDatabaseStep(DatabasePort database) {
    this.database = database;
  }

  @Override
  public void execute(DelegateExecution execution) {
    BuildSpec.Database target = BuildVariables.spec(execution).database();
    if (target == null) {
      throw new BpmnError(ERROR_REQUEST_INVALID, "the request has no database section");
    }
    try {
      SnapshotIsolationResult result = database.ensureSnapshotIsolation(target);
      execution.setVariable(DATABASE_SNAPSHOT_ISOLATION, result.state().snapshotIsolationDescription());
      execution.setVariable(DATABASE_READ_COMMITTED_SNAPSHOT, result.state().readCommittedSnapshotDescription());
      execution.setVariable(DATABASE_CHANGES, result.summary());
    } catch (DatabaseLoginRefusedException e) {
      throw new BpmnError(ERROR_LOGIN_REFUSED, e.getMessage(), e);
    } catch (DatabaseNotFoundException e) {
      throw new BpmnError(ERROR_NOT_FOUND, "SQL Server " + SqlServerUrl.server(target) + ": " + e.getMessage(), e);
    } catch (InvalidDatabaseRequestException e) {
      throw new BpmnError(ERROR_REQUEST_INVALID, e.getMessage(), e);
    }
  }
}
