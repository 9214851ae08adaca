using EdgeFace.Capture.Processes;

namespace EdgeFace.Capture.Tests.Processes;

public class UrlCredentialsTests
{
    [Theory]
    [InlineData("[rtsp @ 0x55] method DESCRIBE failed: 401 Unauthorized rtsp://admin:hunter2@10.0.0.5:554/stream1",
        "[rtsp @ 0x55] method DESCRIBE failed: 401 Unauthorized rtsp://admin:***@10.0.0.5:554/stream1")]
    [InlineData("http://u:p%40ss@cam/mjpg and rtsp://x:y@h/ | tail", "http://u:***@cam/mjpg and rtsp://x:***@h/ | tail")]
    [InlineData("rtsp://cam.local/stream (no credentials)", "rtsp://cam.local/stream (no credentials)")]
    [InlineData("user@host without a scheme", "user@host without a scheme")]
    public void Passwords_in_urls_are_hidden_wherever_they_appear(string text, string expected) =>
        Assert.Equal(expected, UrlCredentials.Scrub(text));
}
