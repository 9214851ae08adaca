"""A real RTSP server for capture tests: GStreamer's rtsp-server streams a test pattern as RTP/JPEG on
rtsp://127.0.0.1:PORT/test (optionally behind user:password). Prints READY when it listens; runs until killed."""
import sys

import gi
gi.require_version('Gst', '1.0')
gi.require_version('GstRtspServer', '1.0')
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402


def main():
    port, width, height = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    Gst.init(None)
    server = GstRtspServer.RTSPServer.new()
    server.set_address('127.0.0.1')
    server.set_service(port)
    factory = GstRtspServer.RTSPMediaFactory.new()
    factory.set_launch(f'( videotestsrc is-live=true pattern=smpte ! video/x-raw,format=I420,width={width},height={height},framerate=15/1 '
                       '! jpegenc quality=85 ! rtpjpegpay name=pay0 pt=26 )')
    factory.set_shared(True)
    server.get_mount_points().add_factory('/test', factory)
    server.attach(None)
    print('READY', flush=True)
    GLib.MainLoop().run()


if __name__ == '__main__':
    main()
