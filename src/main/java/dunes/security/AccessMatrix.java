package dunes.security;

import static org.camunda.bpm.engine.authorization.Authorization.ANY;

import dunes.build.BuildVariables;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;

/**
 * What Dunes's groups may do: every grant they hold besides those on single tasks (the table in
 * docs/security.md, "Authorizations"). Tasks are not granted here: when the engine creates a task
 * it grants the task's candidate group READ and TASK_WORK on that one task
 * ({@code defaultUserPermissionNameForTask}), so each group works its own tasks and nothing else.
 * Nobody here may update, suspend, delete, migrate or modify an instance, set a variable, assign
 * a task, or start a process other than the {@link #STARTED} ones.
 */
final class AccessMatrix {

  static final String AUTHORING_WINDOW = "VcoAuthoringWindow";
  /** A cancel of a build ({@code Msg_ChangeCancelled}, {@code POST /api/builds/{ticket}/cancel}): records it, hands it on. */
  static final String CANCEL = BuildVariables.CANCEL_PROCESS_KEY;
  /** The processes started from outside; every other one runs only when called (CalledOnlyListener). */
  static final List<String> STARTED = List.of(BuildVariables.PROCESS_KEY, AUTHORING_WINDOW, CANCEL);
  /** The process holding the approval task, readable by approvers so Tasklist can show its diagram. */
  static final String APPROVAL = "CertificateApproval";

  record Grant(String group, Resource resource, String resourceId, Set<Permission> permissions) {

    Grant(String group, Resource resource, String resourceId, Permission... permissions) {
      this(group, resource, resourceId, Set.of(permissions));
    }
  }

  /** @param integrations change management's technical accounts (IntegrationGroup): start builds, read them */
  static List<Grant> grants(String taskFilterId, String integrations) {
    String operators = DunesGroups.OPERATORS;
    String approvers = DunesGroups.PKI_APPROVERS;
    return List.of(
        new Grant(operators, Resources.APPLICATION, "tasklist", Permissions.ACCESS),
        new Grant(operators, Resources.APPLICATION, "cockpit", Permissions.ACCESS),
        new Grant(operators, Resources.FILTER, taskFilterId, Permissions.READ),
        new Grant(operators, Resources.GROUP, operators, Permissions.READ),
        // every Dunes build with its stages (all of Dunes's processes), read-only, plus retrying a failed step
        new Grant(operators, Resources.PROCESS_DEFINITION, ANY, ProcessDefinitionPermissions.READ,
            ProcessDefinitionPermissions.READ_INSTANCE, ProcessDefinitionPermissions.READ_HISTORY,
            ProcessDefinitionPermissions.READ_TASK, ProcessDefinitionPermissions.RETRY_JOB),
        new Grant(operators, Resources.PROCESS_DEFINITION, BuildVariables.PROCESS_KEY,
            ProcessDefinitionPermissions.CREATE_INSTANCE),
        new Grant(operators, Resources.PROCESS_DEFINITION, AUTHORING_WINDOW, ProcessDefinitionPermissions.CREATE_INSTANCE),
        new Grant(operators, Resources.PROCESS_DEFINITION, CANCEL, ProcessDefinitionPermissions.CREATE_INSTANCE),
        new Grant(operators, Resources.PROCESS_INSTANCE, ANY, ProcessInstancePermissions.CREATE),

        new Grant(approvers, Resources.APPLICATION, "tasklist", Permissions.ACCESS),
        new Grant(approvers, Resources.FILTER, taskFilterId, Permissions.READ),
        new Grant(approvers, Resources.GROUP, approvers, Permissions.READ),
        new Grant(approvers, Resources.PROCESS_DEFINITION, APPROVAL, ProcessDefinitionPermissions.READ),

        // change management starts builds by message or /api/builds and reads them; no Tasklist, no tasks
        new Grant(integrations, Resources.PROCESS_DEFINITION, ANY, ProcessDefinitionPermissions.READ,
            ProcessDefinitionPermissions.READ_INSTANCE, ProcessDefinitionPermissions.READ_HISTORY),
        new Grant(integrations, Resources.PROCESS_DEFINITION, BuildVariables.PROCESS_KEY,
            ProcessDefinitionPermissions.CREATE_INSTANCE),
        new Grant(integrations, Resources.PROCESS_DEFINITION, CANCEL, ProcessDefinitionPermissions.CREATE_INSTANCE),
        new Grant(integrations, Resources.PROCESS_INSTANCE, ANY, ProcessInstancePermissions.CREATE));
  }

  private AccessMatrix() {}
}
