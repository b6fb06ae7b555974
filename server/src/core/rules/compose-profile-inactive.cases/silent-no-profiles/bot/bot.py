import nonebot
from nonebot.adapters.onebot.v11 import Adapter
nonebot.init()
nonebot.get_driver().register_adapter(Adapter)
