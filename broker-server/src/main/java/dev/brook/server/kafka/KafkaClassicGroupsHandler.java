package dev.brook.server.kafka;

import dev.brook.core.Broker;
import dev.brook.core.ClassicGroups;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.HeartbeatRequest;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.JoinGroupResponse;
import org.apache.kafka.common.requests.LeaveGroupRequest;
import org.apache.kafka.common.requests.LeaveGroupResponse;
import org.apache.kafka.common.requests.SyncGroupRequest;

/**
 * JoinGroup, SyncGroup, Heartbeat and LeaveGroup: Kafka's classic group protocol, where the
 * broker coordinates and the group's leader assigns, served by the broker's {@link ClassicGroups}.
 * A join or a follower's sync waits for the rebalance without holding an I/O thread: the response
 * is sent when the coordinator completes it. Versions differ only in fields; the rules of each
 * (KIP-394's member-id round trip from JoinGroup v4, static members from v5, batch leaves from
 * LeaveGroup v3) are Kafka's.
 *
 * <p>Stateless apart from the broker; thread-safe.
 */
final class KafkaClassicGroupsHandler {
    private final Broker broker;

    KafkaClassicGroupsHandler(Broker broker) {
        this.broker = broker;
    }

    CompletableFuture<ApiMessage> join(JoinGroupRequest request, KafkaRequestContext context) {
        JoinGroupRequestData data = request.data();
        short version = context.apiVersion();
        List<ClassicGroups.Protocol> protocols = new ArrayList<>();
        for (JoinGroupRequestData.JoinGroupRequestProtocol protocol : data.protocols()) {
            protocols.add(new ClassicGroups.Protocol(protocol.name(), protocol.metadata()));
        }
        boolean requireKnownMemberId = version >= 4 && data.groupInstanceId() == null;
        ClassicGroups.JoinRequest join = new ClassicGroups.JoinRequest(data.groupId(), data.memberId(),
                data.groupInstanceId(), context.clientId(), context.clientHost(), data.sessionTimeoutMs(),
                version == 0 ? -1 : data.rebalanceTimeoutMs(), data.protocolType(), protocols, requireKnownMemberId,
                data.reason());
        return broker.classicGroups().join(join).thenApply(result -> {
            JoinGroupResponseData response = new JoinGroupResponseData()
                    .setErrorCode(result.error().code())
                    .setGenerationId(result.generationId())
                    .setProtocolType(result.protocolType())
                    .setProtocolName(result.protocolName())
                    .setLeader(result.leaderId() == null ? "" : result.leaderId())
                    .setSkipAssignment(result.skipAssignment())
                    .setMemberId(result.memberId() == null ? "" : result.memberId());
            for (ClassicGroups.JoinedMember member : result.members()) {
                response.members().add(new JoinGroupResponseData.JoinGroupResponseMember()
                        .setMemberId(member.memberId())
                        .setGroupInstanceId(member.groupInstanceId())
                        .setMetadata(member.metadata()));
            }
            // The constructor fills what older versions cannot leave null (the protocol name).
            return new JoinGroupResponse(response, version).data();
        });
    }

    CompletableFuture<ApiMessage> sync(SyncGroupRequest request, KafkaRequestContext context) {
        SyncGroupRequestData data = request.data();
        Map<String, byte[]> assignments = new LinkedHashMap<>();
        for (SyncGroupRequestData.SyncGroupRequestAssignment assignment : data.assignments()) {
            assignments.put(assignment.memberId(), assignment.assignment());
        }
        ClassicGroups.SyncRequest sync = new ClassicGroups.SyncRequest(data.groupId(), data.generationId(),
                data.memberId(), data.groupInstanceId(), data.protocolType(), data.protocolName(), assignments);
        return broker.classicGroups().sync(sync).thenApply(result -> new SyncGroupResponseData()
                .setErrorCode(result.error().code())
                .setProtocolType(result.protocolType())
                .setProtocolName(result.protocolName())
                .setAssignment(result.assignment() == null ? new byte[0] : result.assignment()));
    }

    HeartbeatResponseData heartbeat(HeartbeatRequest request) {
        return new HeartbeatResponseData().setErrorCode(broker.classicGroups().heartbeat(request.data().groupId(),
                request.data().generationId(), request.data().memberId(), request.data().groupInstanceId()).code());
    }

    LeaveGroupResponse leave(LeaveGroupRequest request, KafkaRequestContext context) {
        LeaveGroupRequestData data = request.data();
        short version = context.apiVersion();
        List<ClassicGroups.MemberIdentity> members = new ArrayList<>();
        if (version < 3) {
            members.add(new ClassicGroups.MemberIdentity(data.memberId(), null));
        } else {
            for (LeaveGroupRequestData.MemberIdentity member : data.members()) {
                members.add(new ClassicGroups.MemberIdentity(member.memberId(), member.groupInstanceId()));
            }
        }
        ClassicGroups.LeaveResult result = broker.classicGroups().leave(data.groupId(), members);
        LeaveGroupResponseData response = new LeaveGroupResponseData().setErrorCode(result.error().code());
        // Before version 3 the one member's outcome is the response's: the response class folds it in.
        for (ClassicGroups.MemberLeaveResult member : result.members()) {
            response.members().add(new LeaveGroupResponseData.MemberResponse()
                    .setMemberId(member.memberId())
                    .setGroupInstanceId(member.groupInstanceId())
                    .setErrorCode(member.error().code()));
        }
        if (version < 3 && response.members().isEmpty()) {
            response.members().add(new LeaveGroupResponseData.MemberResponse().setMemberId(data.memberId())
                    .setErrorCode(result.error().code()));
        }
        return new LeaveGroupResponse(response, version);
    }
}
