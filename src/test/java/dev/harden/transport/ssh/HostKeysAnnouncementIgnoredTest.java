package dev.harden.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.sshd.common.channel.RequestHandler;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.junit.jupiter.api.Test;

/** OpenSSH's announcement of its host keys is taken without being parsed; other requests are not ours. */
class HostKeysAnnouncementIgnoredTest {

    @Test
    void theAnnouncementIsTakenUnreadAndOtherRequestsAreLeftToOtherHandlers() throws Exception {
        ByteArrayBuffer notAKey = new ByteArrayBuffer(new byte[] {0, 0, 0, 3, 'b', 'a', 'd'});
        assertEquals(RequestHandler.Result.Replied,
                HostKeysAnnouncementIgnored.INSTANCE.process(null, "hostkeys-00@openssh.com", false, notAKey));
        assertEquals(7, notAKey.available(), "nothing of it was read");
        assertEquals(RequestHandler.Result.ReplyFailure,
                HostKeysAnnouncementIgnored.INSTANCE.process(null, "hostkeys-00@openssh.com", true, notAKey));
        assertEquals(RequestHandler.Result.Unsupported,
                HostKeysAnnouncementIgnored.INSTANCE.process(null, "keepalive@openssh.com", true, notAKey));
    }
}
