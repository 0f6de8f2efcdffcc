package dev.brook.server.kafka;

import dev.brook.server.security.AclStore;
import dev.brook.server.security.AclStore.Rule;
import dev.brook.server.security.Authorizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.message.CreateAclsRequestData.AclCreation;
import org.apache.kafka.common.message.CreateAclsResponseData;
import org.apache.kafka.common.message.DeleteAclsRequestData.DeleteAclsFilter;
import org.apache.kafka.common.message.DeleteAclsResponseData;
import org.apache.kafka.common.message.DescribeAclsRequestData;
import org.apache.kafka.common.message.DescribeAclsResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.CreateAclsRequest;
import org.apache.kafka.common.requests.DeleteAclsRequest;
import org.apache.kafka.common.requests.DescribeAclsRequest;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka's admin ACL APIs (DescribeAcls, CreateAcls, DeleteAcls) over Brook's {@link AclStore}, the
 * rules {@code bin/brook acls} manages, so that {@code kafka-acls.sh} and {@code Admin.createAcls}
 * work. Brook's rules are a subset of Kafka's ACLs: they only allow, from any host, on a topic, a
 * group or the cluster named literally (or {@code *}), with the operations READ, WRITE, CREATE,
 * DELETE, ALTER, DESCRIBE, DESCRIBE_CONFIGS, ALTER_CONFIGS and ALL. A binding outside that subset
 * is refused with INVALID_REQUEST saying why; filters match Brook's rules as Kafka's filters match
 * ACLs (a PREFIXED filter matches none). Without {@code authorizer.enabled} every call is answered
 * with SECURITY_DISABLED, as Kafka answers without an authorizer. Changes are logged.
 *
 * <p>Thread-safe: the store is.
 */
final class KafkaAclsHandler {
    private static final Logger log = LoggerFactory.getLogger(KafkaAclsHandler.class);
    private static final String DISABLED = "ACLs are off on this broker (authorizer.enabled=false)";

    private final Authorizer authorizer;

    KafkaAclsHandler(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    ApiMessage describe(DescribeAclsRequest request) {
        if (!authorizer.enabled()) {
            return request.getErrorResponse(0, Errors.SECURITY_DISABLED.exception(DISABLED)).data();
        }
        DescribeAclsRequestData filter = request.data();
        Map<String, DescribeAclsResponseData.DescribeAclsResource> resources = new LinkedHashMap<>();
        for (Rule rule : authorizer.store().rules()) {
            if (matches(rule, filter.resourceTypeFilter(), filter.resourceNameFilter(), filter.patternTypeFilter(),
                    filter.principalFilter(), filter.hostFilter(), filter.operation(), filter.permissionType())) {
                resources.computeIfAbsent(rule.type() + " " + rule.name(), key -> new DescribeAclsResponseData
                        .DescribeAclsResource().setResourceType(resourceType(rule).code())
                        .setResourceName(rule.name()).setPatternType(PatternType.LITERAL.code()))
                        .acls().add(new DescribeAclsResponseData.AclDescription().setPrincipal(rule.principal())
                                .setHost("*").setOperation(AclOperation.valueOf(rule.operation().name()).code())
                                .setPermissionType(AclPermissionType.ALLOW.code()));
            }
        }
        return new DescribeAclsResponseData().setErrorCode(Errors.NONE.code())
                .setResources(new ArrayList<>(resources.values()));
    }

    ApiMessage create(CreateAclsRequest request, KafkaRequestContext context) {
        if (!authorizer.enabled()) {
            return request.getErrorResponse(0, Errors.SECURITY_DISABLED.exception(DISABLED)).data();
        }
        CreateAclsResponseData response = new CreateAclsResponseData();
        for (AclCreation creation : request.data().creations()) {
            CreateAclsResponseData.AclCreationResult result = new CreateAclsResponseData.AclCreationResult();
            try {
                Rule rule = rule(creation);
                authorizer.store().add(rule);
                log.info("{} from {} added the ACL rule {}", context.principal(), context.clientHost(), describe(rule));
                result.setErrorCode(Errors.NONE.code());
            } catch (IllegalArgumentException e) {
                result.setErrorCode(Errors.INVALID_REQUEST.code()).setErrorMessage(e.getMessage());
            } catch (IOException | UncheckedIOException e) {
                result.setErrorCode(Errors.UNKNOWN_SERVER_ERROR.code()).setErrorMessage(writeFailed(e));
            }
            response.results().add(result);
        }
        return response;
    }

    ApiMessage delete(DeleteAclsRequest request, KafkaRequestContext context) {
        if (!authorizer.enabled()) {
            return request.getErrorResponse(0, Errors.SECURITY_DISABLED.exception(DISABLED)).data();
        }
        DeleteAclsResponseData response = new DeleteAclsResponseData();
        for (DeleteAclsFilter filter : request.data().filters()) {
            DeleteAclsResponseData.DeleteAclsFilterResult result = new DeleteAclsResponseData.DeleteAclsFilterResult()
                    .setErrorCode(Errors.NONE.code());
            try {
                for (Rule rule : authorizer.store().rules()) {
                    if (matches(rule, filter.resourceTypeFilter(), filter.resourceNameFilter(),
                            filter.patternTypeFilter(), filter.principalFilter(), filter.hostFilter(),
                            filter.operation(), filter.permissionType()) && authorizer.store().remove(rule)) {
                        log.info("{} from {} removed the ACL rule {}", context.principal(), context.clientHost(),
                                describe(rule));
                        result.matchingAcls().add(new DeleteAclsResponseData.DeleteAclsMatchingAcl()
                                .setErrorCode(Errors.NONE.code()).setResourceType(resourceType(rule).code())
                                .setResourceName(rule.name()).setPatternType(PatternType.LITERAL.code())
                                .setPrincipal(rule.principal()).setHost("*")
                                .setOperation(AclOperation.valueOf(rule.operation().name()).code())
                                .setPermissionType(AclPermissionType.ALLOW.code()));
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                result.setErrorCode(Errors.UNKNOWN_SERVER_ERROR.code()).setErrorMessage(writeFailed(e));
            }
            response.filterResults().add(result);
        }
        return response;
    }

    private String writeFailed(Exception e) {
        log.error("could not write the ACLs in {}", authorizer.store().file(), e);
        return "the broker could not write its ACL file; see its log";
    }

    /** Brook's rule for a Kafka ACL binding. @throws IllegalArgumentException when Brook cannot store it */
    private static Rule rule(AclCreation creation) {
        ResourceType type = ResourceType.fromCode(creation.resourceType());
        if (type != ResourceType.TOPIC && type != ResourceType.GROUP && type != ResourceType.CLUSTER) {
            throw new IllegalArgumentException("Brook's ACLs apply to topics, groups and the cluster, not to " + type);
        }
        if (PatternType.fromCode(creation.resourcePatternType()) != PatternType.LITERAL) {
            throw new IllegalArgumentException("Brook's ACLs name resources literally (or *), not with pattern type "
                    + PatternType.fromCode(creation.resourcePatternType()));
        }
        if (AclPermissionType.fromCode(creation.permissionType()) != AclPermissionType.ALLOW) {
            throw new IllegalArgumentException("Brook's ACLs only allow: what no rule allows is denied, so a "
                    + AclPermissionType.fromCode(creation.permissionType()) + " rule cannot be stored");
        }
        if (!"*".equals(creation.host())) {
            throw new IllegalArgumentException("Brook's ACLs apply from every host (*), not only from "
                    + creation.host());
        }
        if (type == ResourceType.CLUSTER && !Authorizer.CLUSTER.equals(creation.resourceName())) {
            throw new IllegalArgumentException("the cluster is named " + Authorizer.CLUSTER + ", not "
                    + creation.resourceName());
        }
        AclOperation operation = AclOperation.fromCode(creation.operation());
        AclStore.Operation brook;
        try {
            brook = AclStore.Operation.valueOf(operation.name());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Brook's ACLs have no operation " + operation);
        }
        return new Rule(creation.principal(), AclStore.ResourceType.valueOf(type.name()), creation.resourceName(), brook);
    }

    private static boolean matches(Rule rule, byte resourceType, String name, byte patternType, String principal,
            String host, byte operation, byte permissionType) {
        ResourceType type = ResourceType.fromCode(resourceType);
        PatternType pattern = PatternType.fromCode(patternType);
        AclOperation op = AclOperation.fromCode(operation);
        AclPermissionType permission = AclPermissionType.fromCode(permissionType);
        // Brook's rules are all LITERAL: ANY, LITERAL and MATCH filters find them, PREFIXED none.
        return (type == ResourceType.ANY || type == resourceType(rule))
                && (pattern == PatternType.ANY || pattern == PatternType.LITERAL || pattern == PatternType.MATCH)
                && (name == null || name.equals(rule.name()) || (pattern == PatternType.MATCH && rule.name().equals("*")))
                && (principal == null || principal.equals(rule.principal()))
                && (host == null || host.equals("*"))
                && (op == AclOperation.ANY || op.name().equals(rule.operation().name()))
                && (permission == AclPermissionType.ANY || permission == AclPermissionType.ALLOW);
    }

    private static ResourceType resourceType(Rule rule) {
        return ResourceType.valueOf(rule.type().name());
    }

    private static String describe(Rule rule) {
        return rule.principal() + " " + rule.type() + " '" + rule.name() + "' " + rule.operation();
    }
}
