"""Real photos with hand-drawn face boxes (dlib examples, scenes.tar): detector validation only, never training."""
import os
import xml.etree.ElementTree as ET

import cv2

from .paths import SCENES


def load_real_photos():
    out = []
    for xml in ('training.xml', 'testing.xml'):
        root = ET.parse(os.path.join(SCENES, xml)).getroot()
        for im in root.iter('image'):
            img = cv2.imread(os.path.join(SCENES, im.get('file')), cv2.IMREAD_COLOR)
            if img is None:
                continue
            boxes = [[float(b.get('left')), float(b.get('top')), float(b.get('width')), float(b.get('height'))]
                     for b in im.iter('box') if b.get('ignore') != '1']
            out.append((cv2.cvtColor(img, cv2.COLOR_BGR2RGB), boxes))
    return out
