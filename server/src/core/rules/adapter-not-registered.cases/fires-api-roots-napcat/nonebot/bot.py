import nonebot

nonebot.init()

if __name__ == "__main__":
    nonebot.run()
