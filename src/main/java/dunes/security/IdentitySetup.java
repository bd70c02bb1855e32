package dunes.security;

import static org.camunda.bpm.engine.authorization.Authorization.ANY;
import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import java.util.Arrays;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.HistoricTaskPermissions;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Creates Dunes's groups, what they may do, and a Tasklist filter they can see — once: each piece
 * is looked up first, so a restart or a second engine node changes nothing.
 */
@Component
class IdentitySetup {

  static final String TASK_FILTER = "Dunes tasks";

  private final IdentityService identity;
  private final AuthorizationService authorizations;
  private final FilterService filters;
  private final TaskService tasks;
  private final IntegrationGroup integrations;

  IdentitySetup(IdentityService identity, AuthorizationService authorizations, FilterService filters,
      TaskService tasks, IntegrationGroup integrations) {
    this.identity = identity;
    this.authorizations = authorizations;
    this.filters = filters;
    this.tasks = tasks;
    this.integrations = integrations;
  }

  @EventListener
  @Order(0) // before the lab adds its users to these groups
  public void onStarted(ApplicationStartedEvent event) {
    group(DunesGroups.OPERATORS, "vCO operators");
    group(DunesGroups.PKI_APPROVERS, "PKI approvers");
    group(integrations.id(), "Change-management integrations"); // technical accounts only: IntegrationGroup
    String filterId = taskFilter();
    for (String group : new String[] {DunesGroups.OPERATORS, DunesGroups.PKI_APPROVERS}) {
      grant(group, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
      grant(group, Resources.FILTER, filterId, Permissions.READ);
      grant(group, Resources.TASK, ANY, TaskPermissions.READ, TaskPermissions.UPDATE);
      grant(group, Resources.PROCESS_DEFINITION, ANY, ProcessDefinitionPermissions.READ,
          ProcessDefinitionPermissions.READ_HISTORY);
      grant(group, Resources.HISTORIC_TASK, ANY, HistoricTaskPermissions.READ);
    }
    // operators start builds (REST, message, Tasklist start form) and watch them in Cockpit
    grant(DunesGroups.OPERATORS, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
    grant(DunesGroups.OPERATORS, Resources.PROCESS_DEFINITION, ANY,
        ProcessDefinitionPermissions.CREATE_INSTANCE, ProcessDefinitionPermissions.READ_INSTANCE);
    grant(DunesGroups.OPERATORS, Resources.PROCESS_INSTANCE, ANY,
        ProcessInstancePermissions.CREATE, ProcessInstancePermissions.READ, ProcessInstancePermissions.UPDATE);
    // change management's accounts start builds by message and watch them, as operators do; no Tasklist, no tasks
    grant(integrations.id(), Resources.PROCESS_DEFINITION, ANY, ProcessDefinitionPermissions.READ,
        ProcessDefinitionPermissions.READ_HISTORY, ProcessDefinitionPermissions.CREATE_INSTANCE,
        ProcessDefinitionPermissions.READ_INSTANCE);
    grant(integrations.id(), Resources.PROCESS_INSTANCE, ANY,
        ProcessInstancePermissions.CREATE, ProcessInstancePermissions.READ, ProcessInstancePermissions.UPDATE);
  }

  private void group(String id, String name) {
    if (identity.createGroupQuery().groupId(id).count() == 0) {
      Group group = identity.newGroup(id);
      group.setName(name);
      group.setType("WORKFLOW");
      identity.saveGroup(group);
    }
  }

  private String taskFilter() {
    Filter existing = filters.createFilterQuery().filterName(TASK_FILTER).singleResult();
    if (existing != null) {
      return existing.getId();
    }
    Filter filter = filters.newTaskFilter(TASK_FILTER)
        .setQuery(tasks.createTaskQuery().taskCandidateGroupInExpression(
            "${currentUserGroups()}").includeAssignedTasks())
        .setProperties(Map.of("description", "Tasks of Dunes builds for my groups", "priority", -10));
    filters.saveFilter(filter);
    return filter.getId();
  }

  private void grant(String group, Resource resource, String resourceId, Permission... permissions) {
    Authorization existing = authorizations.createAuthorizationQuery()
        .groupIdIn(group).resourceType(resource).resourceId(resourceId).singleResult();
    if (existing != null && Arrays.stream(permissions).allMatch(existing::isPermissionGranted)) {
      return;
    }
    Authorization authorization = existing != null ? existing
        : authorizations.createNewAuthorization(AUTH_TYPE_GRANT);
    authorization.setGroupId(group);
    authorization.setResource(resource);
    authorization.setResourceId(resourceId);
    for (Permission permission : permissions) {
      authorization.addPermission(permission);
    }
    authorizations.saveAuthorization(authorization);
  }
}
