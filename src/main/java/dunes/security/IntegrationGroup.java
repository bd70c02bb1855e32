package dunes.security;

import java.util.List;
import java.util.Locale;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The group of change management's technical accounts ({@code dunes.change-management.integration-group},
 * default {@code change-integrations}): a build such an account starts is recorded as requested by
 * the person the request names ({@code requestedBy}); anyone else is the requester themselves. Only
 * technical accounts belong in it: a person in it could name someone else as requester and approve
 * their own build.
 */
@Component
public class IntegrationGroup {

  public static final String DEFAULT = "change-integrations";

  private final String id;
  private final IdentityService identity;

  public IntegrationGroup(@Value("${dunes.change-management.integration-group:" + DEFAULT + "}") String id,
      IdentityService identity) {
    this.id = id;
    this.identity = identity;
  }

  public String id() {
    return id;
  }

  /** Whether the authenticated caller is a technical account of change management. */
  public boolean includes(Authentication caller) {
    List<String> groups = caller.getGroupIds() != null ? caller.getGroupIds() : groupsOf(caller.getUserId());
    return groups.stream().anyMatch(g -> g.toLowerCase(Locale.ROOT).equals(id.toLowerCase(Locale.ROOT)));
  }

  /** An authentication set without groups: ask the identity service, whatever the caller may read. */
  private List<String> groupsOf(String user) {
    CommandContext command = Context.getCommandContext();
    if (command == null) {
      return identity.createGroupQuery().groupMember(user).list().stream().map(Group::getId).toList();
    }
    return command.runWithoutAuthorization(() -> identity.createGroupQuery().groupMember(user).list().stream()
        .map(Group::getId).toList());
  }
}
