/** Chart kinds only the satisfaction screens use (the key-driver quadrant), registered with the shared ECharts core. */
import * as echarts from 'echarts/core';
import { ScatterChart } from 'echarts/charts';
import { MarkLineComponent } from 'echarts/components';

echarts.use([ScatterChart, MarkLineComponent]);
